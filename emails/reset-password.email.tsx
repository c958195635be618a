import { Button, Heading, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type ResetPasswordProps = { name: string; resetUrl: string; expiresInMinutes: number };

export function subject(_props: ResetPasswordProps) {
  return "Reset your Summit password";
}

export default function ResetPassword({ name, resetUrl, expiresInMinutes }: ResetPasswordProps) {
  return (
    <EmailLayout title={subject({ name, resetUrl, expiresInMinutes })} preview="A link to choose a new Summit password">
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Reset your password
      </Heading>
      <Text style={paragraph}>Hi {name}, someone (hopefully you) asked to reset the password of your Summit account.</Text>
      <Button href={resetUrl} style={button}>
        Choose a new password
      </Button>
      <Text style={paragraph}>
        Or paste this link into your browser: {resetUrl}
        <br />
        The link works for {expiresInMinutes} minutes and only once. If you didn't ask for this, ignore this email: your password
        stays as it is.
      </Text>
    </EmailLayout>
  );
}

ResetPassword.PreviewProps = {
  name: "Alex Rivera",
  resetUrl: "http://localhost:3000/reset-password?token=preview",
  expiresInMinutes: 60,
} satisfies ResetPasswordProps;
