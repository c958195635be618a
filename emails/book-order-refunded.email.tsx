import { Button, Heading, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type BookOrderRefundedProps = {
  buyerName: string;
  bookTitle: string;
  reference: string;
  amountLabel: string;
  /** Everything paid is now refunded. */
  full: boolean;
  orderUrl: string;
};

export function subject({ bookTitle, reference, amountLabel }: BookOrderRefundedProps) {
  return `${amountLabel} refunded for ${bookTitle} · ${reference}`;
}

export default function BookOrderRefunded(props: BookOrderRefundedProps) {
  const { buyerName, bookTitle, reference, amountLabel, full, orderUrl } = props;
  return (
    <EmailLayout title={subject(props)} preview={subject(props)}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Your refund is on its way
      </Heading>
      <Text style={paragraph}>
        Hi {buyerName}, we are refunding <strong>{amountLabel}</strong> of order <strong>{reference}</strong> ({bookTitle}) to the
        card you paid with{full ? ": the whole order" : ""}. Refunds usually show on your statement within 5–10 business days.
      </Text>
      <Button href={orderUrl} style={button}>
        View your order
      </Button>
    </EmailLayout>
  );
}

BookOrderRefunded.PreviewProps = {
  buyerName: "Alex Rivera",
  bookTitle: "Social Media in Health Care: A Field Guide",
  reference: "BK-7K3F9Q",
  amountLabel: "$24.95",
  full: true,
  orderUrl: "http://localhost:3000/book/orders/clx123",
} satisfies BookOrderRefundedProps;
