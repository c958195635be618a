import { Button, Heading, Hr, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

// Says only that someone invites you to apply together: nothing of their application.
export type CaregiverInvitationProps = {
  patientName: string;
  eventName: string;
  /** In the event's zone: "27–29 September 2027". */
  eventWhen: string;
  /** In the event's zone, zone named: "4 Dec 2026, 5:00 PM EST". */
  expiresLabel: string;
  acceptUrl: string;
};

export function subject({ patientName, eventName }: CaregiverInvitationProps) {
  return `${patientName} invites you to apply together for ${eventName}`;
}

export default function CaregiverInvitation(props: CaregiverInvitationProps) {
  const { patientName, eventName, eventWhen, expiresLabel } = props;
  return (
    <EmailLayout title={subject(props)} preview={`Apply as ${patientName}'s caregiver before ${expiresLabel}`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Apply together for {eventName}
      </Heading>
      <Text style={paragraph}>
        {patientName} is applying for support to attend <strong>{eventName}</strong> ({eventWhen}) and would like you to apply
        alongside them as their caregiver. Your two applications are considered together.
      </Text>
      <Text style={paragraph}>
        Accept the invitation to start your own application. You'll be asked to log in, or to create an account if you don't have
        one.
      </Text>
      <Button href={props.acceptUrl} style={button}>
        Accept the invitation
      </Button>
      <Hr />
      <Text style={{ fontSize: "14px", lineHeight: "20px", color: "#3e4c59" }}>
        This link works until {expiresLabel} and only once. If you weren't expecting it, you can ignore this email.
      </Text>
    </EmailLayout>
  );
}

CaregiverInvitation.PreviewProps = {
  patientName: "Jordan Lee",
  eventName: "Social Media Summit 2027",
  eventWhen: "27–29 September 2027",
  expiresLabel: "4 Dec 2026, 5:00 PM EST",
  acceptUrl: "http://localhost:3000/scholarships/invitations/x",
} satisfies CaregiverInvitationProps;
