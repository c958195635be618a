import { Button, Heading, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type VerifyEmailProps = { name: string; verifyUrl: string; expiresInHours: number };

export function subject(_props: VerifyEmailProps) {
  return "Confirm your email address for Summit";
}

export default function VerifyEmail({ name, verifyUrl, expiresInHours }: VerifyEmailProps) {
  return (
    <EmailLayout
      title={subject({ name, verifyUrl, expiresInHours })}
      preview="Confirm your email to finish creating your Summit account"
    >
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Confirm your email
      </Heading>
      <Text style={paragraph}>
        Welcome to Summit, {name}! Please confirm that this is your email address to finish creating your Summit account.
      </Text>
      <Button href={verifyUrl} style={button}>
        Confirm my email
      </Button>
      <Text style={paragraph}>
        Or paste this link into your browser: {verifyUrl}
        <br />
        The link works for {expiresInHours} hours. If you didn't sign up, you can ignore this email.
      </Text>
    </EmailLayout>
  );
}

VerifyEmail.PreviewProps = {
  name: "Alex Rivera",
  verifyUrl: "http://localhost:3000/verify-email?token=preview",
  expiresInHours: 24,
} satisfies VerifyEmailProps;
