import { Button, Heading, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type LatePaymentRefundedProps = {
  buyerName: string;
  eventName: string;
  /** In the event's zone, e.g. "27–29 September 2027". */
  eventWhen: string;
  reference: string;
  amountLabel: string;
  registerUrl: string;
};

export function subject({ eventName, reference }: LatePaymentRefundedProps) {
  return `Your payment for ${eventName} has been refunded · ${reference}`;
}

export default function LatePaymentRefunded(props: LatePaymentRefundedProps) {
  const { buyerName, eventName, eventWhen, reference, amountLabel, registerUrl } = props;
  return (
    <EmailLayout title={subject(props)} preview={`We refunded ${amountLabel}: the seats were no longer free`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        We refunded your payment
      </Heading>
      <Text style={paragraph}>
        Hi {buyerName}, your payment of <strong>{amountLabel}</strong> for order <strong>{reference}</strong> ({eventName},{" "}
        {eventWhen}) reached us after the 30 minutes we hold seats for had run out, and by then the seats had gone to someone
        else.
      </Text>
      <Text style={paragraph}>
        We have refunded the full amount to your card. Refunds usually show on your statement within 5–10 business days. You are
        not registered for this order.
      </Text>
      <Text style={paragraph}>If seats are still available you are welcome to register again, or join the waiting list.</Text>
      <Button href={registerUrl} style={button}>
        Register again
      </Button>
    </EmailLayout>
  );
}

LatePaymentRefunded.PreviewProps = {
  buyerName: "Alex Rivera",
  eventName: "Social Media Summit 2027",
  eventWhen: "27–29 September 2027",
  reference: "SM-7K3F9Q",
  amountLabel: "$295.00",
  registerUrl: "http://localhost:3000/events/social-media-summit-2027/register",
} satisfies LatePaymentRefundedProps;
