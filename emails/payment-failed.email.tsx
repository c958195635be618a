import { Button, Heading, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type PaymentFailedProps = {
  buyerName: string;
  eventName: string;
  reference: string;
  amountLabel: string;
  registerUrl: string;
};

export function subject({ eventName, reference }: PaymentFailedProps) {
  return `Your payment for ${eventName} did not go through · ${reference}`;
}

export default function PaymentFailed(props: PaymentFailedProps) {
  const { buyerName, eventName, reference, amountLabel, registerUrl } = props;
  return (
    <EmailLayout title={subject(props)} preview={`Order ${reference} was not paid, so its seats were released`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Your payment did not go through
      </Heading>
      <Text style={paragraph}>
        Hi {buyerName}, your bank let us know that the payment of <strong>{amountLabel}</strong> for order{" "}
        <strong>{reference}</strong> ({eventName}) failed. Nothing was charged, and the seats we were holding have been released.
      </Text>
      <Text style={paragraph}>You are welcome to register again with another payment method.</Text>
      <Button href={registerUrl} style={button}>
        Register again
      </Button>
    </EmailLayout>
  );
}

PaymentFailed.PreviewProps = {
  buyerName: "Alex Rivera",
  eventName: "Social Media Summit 2027",
  reference: "SM-7K3F9Q",
  amountLabel: "$295.00",
  registerUrl: "http://localhost:3000/events/social-media-summit-2027/register",
} satisfies PaymentFailedProps;
