import { Button, Heading, Section, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type BookOrderConfirmationProps = {
  buyerName: string;
  bookTitle: string;
  reference: string;
  quantity: number;
  /** "$21.21 each (15% bulk discount)" */
  priceLabel: string;
  totalLabel: string;
  /** The address lines as the parcel will show them. */
  shipTo: string[];
  orderUrl: string;
  fundUrl: string;
};

export function subject({ bookTitle, reference }: BookOrderConfirmationProps) {
  return `Thank you for ordering ${bookTitle} · ${reference}`;
}

const box = { borderLeft: "4px solid #0b5cad", padding: "4px 0 4px 12px", margin: "12px 0" } as const;

export default function BookOrderConfirmation(props: BookOrderConfirmationProps) {
  const { buyerName, bookTitle, reference, quantity, priceLabel, totalLabel, shipTo, orderUrl, fundUrl } = props;
  return (
    <EmailLayout title={subject(props)} preview={`${quantity} ${quantity === 1 ? "copy" : "copies"} of ${bookTitle}, paid`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Thank you for your order
      </Heading>
      <Text style={paragraph}>
        Hi {buyerName}, we received your payment for order <strong>{reference}</strong>.
      </Text>
      <Section style={box}>
        <Text style={{ ...paragraph, margin: 0 }}>
          <strong>
            {quantity} × {bookTitle}
          </strong>
          <br />
          {priceLabel}
          <br />
          Total paid: <strong>{totalLabel}</strong>
        </Text>
      </Section>
      <Text style={paragraph}>We will ship to:</Text>
      <Section style={box}>
        <Text style={{ ...paragraph, margin: 0 }}>
          {shipTo.map((line) => (
            <span key={line}>
              {line}
              <br />
            </span>
          ))}
        </Text>
      </Section>
      <Text style={paragraph}>
        All net proceeds from the book fund scholarships for patients and caregivers to attend our conferences. See what the fund
        has made possible: {fundUrl}
      </Text>
      <Button href={orderUrl} style={button}>
        View your order
      </Button>
    </EmailLayout>
  );
}

BookOrderConfirmation.PreviewProps = {
  buyerName: "Alex Rivera",
  bookTitle: "Social Media in Health Care: A Field Guide",
  reference: "BK-7K3F9Q",
  quantity: 12,
  priceLabel: "$21.21 each (15% bulk discount)",
  totalLabel: "$254.52",
  shipTo: ["Alex Rivera", "12 Harbor Road", "Jacksonville, FL 32224", "United States"],
  orderUrl: "http://localhost:3000/book/orders/clx123",
  fundUrl: "http://localhost:3000/fund",
} satisfies BookOrderConfirmationProps;
