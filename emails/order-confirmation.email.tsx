import { Button, Heading, Hr, Link, Section, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type OrderConfirmationProps = {
  buyerName: string;
  eventName: string;
  /** In the event's zone, zone named: "27–29 September 2027 (EDT)". */
  eventWhen: string;
  eventWhere: string;
  reference: string;
  totalLabel: string;
  orderUrl: string;
  receiptUrl: string;
  calendarUrl: string;
  registrationsUrl: string;
  attendees: { name: string; ticketName: string; priceLabel: string; badgeUrl: string }[];
};

export function subject({ eventName, reference }: OrderConfirmationProps) {
  return `You're registered for ${eventName} · ${reference}`;
}

const row = { borderLeft: "4px solid #0b5cad", padding: "4px 0 4px 12px", margin: "12px 0" } as const;
const small = { fontSize: "14px", lineHeight: "20px", margin: "4px 0", color: "#3e4c59" } as const;

export default function OrderConfirmation(props: OrderConfirmationProps) {
  const { buyerName, eventName, eventWhen, eventWhere, reference, totalLabel, attendees } = props;
  return (
    <EmailLayout title={subject(props)} preview={`${eventName}, ${eventWhen}: order ${reference} is confirmed`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        You're registered for {eventName}
      </Heading>
      <Text style={paragraph}>
        Hi {buyerName}, thank you — order <strong>{reference}</strong> is confirmed. {eventWhen}, {eventWhere}.
      </Text>
      {attendees.map((a) => (
        <Section key={a.badgeUrl} style={row}>
          <Text style={{ ...paragraph, fontWeight: 700, margin: "0" }}>{a.name}</Text>
          <Text style={small}>
            {a.ticketName} · {a.priceLabel} · <Link href={a.badgeUrl}>Badge</Link>
          </Text>
        </Section>
      ))}
      <Text style={paragraph}>
        <strong>Total paid: {totalLabel}</strong> · <Link href={props.receiptUrl}>Receipt</Link> ·{" "}
        <Link href={props.calendarUrl}>Add to your calendar (.ics)</Link>
      </Text>
      <Button href={props.orderUrl} style={button}>
        View your order
      </Button>
      <Hr />
      <Text style={small}>
        You can change attendee details, transfer a ticket or cancel from{" "}
        <Link href={props.registrationsUrl}>My registrations</Link>.
      </Text>
    </EmailLayout>
  );
}

OrderConfirmation.PreviewProps = {
  buyerName: "Alex Rivera",
  eventName: "Social Media Summit 2027",
  eventWhen: "27–29 September 2027 (EDT)",
  eventWhere: "Jacksonville campus, 4500 San Pablo Road S, Jacksonville, FL 32224",
  reference: "SM-7K3F9Q",
  totalLabel: "$790.00",
  orderUrl: "http://localhost:3000/orders/x",
  receiptUrl: "http://localhost:3000/orders/x/receipt",
  calendarUrl: "http://localhost:3000/events/social-media-summit-2027/calendar.ics",
  registrationsUrl: "http://localhost:3000/registrations",
  attendees: [
    {
      name: "Alex Rivera",
      ticketName: "In-person",
      priceLabel: "$395.00",
      badgeUrl: "http://localhost:3000/registrations/a/badge",
    },
    {
      name: "Sam Rivera",
      ticketName: "In-person",
      priceLabel: "$395.00",
      badgeUrl: "http://localhost:3000/registrations/b/badge",
    },
  ],
} satisfies OrderConfirmationProps;
