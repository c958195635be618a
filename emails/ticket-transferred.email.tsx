import { Button, Heading, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type TicketTransferredProps = {
  attendeeName: string;
  fromName: string;
  eventName: string;
  /** In the event's zone: "27–29 September 2027". */
  eventWhen: string;
  eventWhere: string;
  ticketName: string;
  /** The new registration's page: details to complete, badge, calendar. */
  registrationUrl: string;
  signupUrl: string;
};

export function subject({ eventName }: TicketTransferredProps) {
  return `A ticket for ${eventName} is now yours`;
}

export default function TicketTransferred(props: TicketTransferredProps) {
  const { attendeeName, fromName, eventName, eventWhen, eventWhere, ticketName } = props;
  return (
    <EmailLayout title={subject(props)} preview={`${fromName} passed their ${ticketName} ticket for ${eventName} to you`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        You're going to {eventName}
      </Heading>
      <Text style={paragraph}>
        Hi {attendeeName}, {fromName} has transferred their {ticketName} ticket for {eventName} to you. {eventWhen}, {eventWhere}.
      </Text>
      <Text style={paragraph}>
        Please check your details — organisation, accessibility needs and whether you agree to be photographed — so your badge is
        right. Until you say yes, your badge carries a "no photos" mark.
      </Text>
      <Button href={props.registrationUrl} style={button}>
        Review my registration
      </Button>
      <Text style={paragraph}>
        Log in with this email address to see it. No Summit account yet? Sign up with this address: {props.signupUrl}
      </Text>
    </EmailLayout>
  );
}

TicketTransferred.PreviewProps = {
  attendeeName: "Sam Lee",
  fromName: "Alex Rivera",
  eventName: "Social Media Summit 2027",
  eventWhen: "27–29 September 2027",
  eventWhere: "Jacksonville campus, 4500 San Pablo Road S, Jacksonville, FL 32224",
  ticketName: "In-person",
  registrationUrl: "http://localhost:3000/registrations/preview",
  signupUrl: "http://localhost:3000/signup",
} satisfies TicketTransferredProps;
