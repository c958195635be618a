import { Button, Heading, Section, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type OrderRefundedProps = {
  buyerName: string;
  eventName: string;
  reference: string;
  /** Null when seats were cancelled without a refund (past the event's refund deadline, or free). */
  amountLabel: string | null;
  /** Seats cancelled by this change; empty for a refund that keeps every seat. */
  cancelled: { name: string; ticketName: string }[];
  orderUrl: string;
};

export function subject({ eventName, reference, amountLabel, cancelled }: OrderRefundedProps) {
  if (amountLabel) return `${amountLabel} refunded for ${eventName} · ${reference}`;
  return `${cancelled.length === 1 ? "Registration" : "Registrations"} cancelled for ${eventName} · ${reference}`;
}

const row = { borderLeft: "4px solid #b91c1c", padding: "4px 0 4px 12px", margin: "12px 0" } as const;

export default function OrderRefunded(props: OrderRefundedProps) {
  const { buyerName, eventName, reference, amountLabel, cancelled, orderUrl } = props;
  return (
    <EmailLayout title={subject(props)} preview={subject(props)}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        {amountLabel ? "Your refund is on its way" : "Your registration is cancelled"}
      </Heading>
      <Text style={paragraph}>
        Hi {buyerName}, here is what changed on order <strong>{reference}</strong> for {eventName}.
      </Text>
      {cancelled.length > 0 ? (
        <>
          <Text style={paragraph}>{cancelled.length === 1 ? "This seat is cancelled:" : "These seats are cancelled:"}</Text>
          {cancelled.map((seat) => (
            <Section key={`${seat.name}-${seat.ticketName}`} style={row}>
              <Text style={{ ...paragraph, margin: 0 }}>
                <strong>{seat.name}</strong> · {seat.ticketName}
              </Text>
            </Section>
          ))}
          <Text style={paragraph}>
            {cancelled.length === 1 ? "Its badge no longer admits anyone." : "Their badges no longer admit anyone."}
          </Text>
        </>
      ) : null}
      <Text style={paragraph}>
        {amountLabel ? (
          <>
            We are refunding <strong>{amountLabel}</strong> to the card you paid with. Refunds usually show on your statement
            within 5–10 business days.
          </>
        ) : (
          "No payment is refunded for this change."
        )}
      </Text>
      <Button href={orderUrl} style={button}>
        View your order
      </Button>
    </EmailLayout>
  );
}

OrderRefunded.PreviewProps = {
  buyerName: "Alex Rivera",
  eventName: "Social Media Summit 2027",
  reference: "SM-7K3F9Q",
  amountLabel: "$295.00",
  cancelled: [{ name: "Jordan Lee", ticketName: "In-person" }],
  orderUrl: "http://localhost:3000/orders/clx123",
} satisfies OrderRefundedProps;
