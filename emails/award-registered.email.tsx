import { Button, Heading, Link, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type AwardRegisteredProps = {
  name: string;
  eventName: string;
  /** In the event's zone: "27–29 September 2027". */
  eventWhen: string;
  badgeUrl: string;
  registrationsUrl: string;
};

export function subject({ eventName }: AwardRegisteredProps) {
  return `You're registered for ${eventName}`;
}

/** For the second person of a pair: the order's confirmation goes to the first. */
export default function AwardRegistered(props: AwardRegisteredProps) {
  const { name, eventName, eventWhen } = props;
  return (
    <EmailLayout title={subject(props)} preview={`${eventName}, ${eventWhen}: your place is confirmed`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        You're registered for {eventName}
      </Heading>
      <Text style={paragraph}>
        Hi {name}, your place at <strong>{eventName}</strong> ({eventWhen}) is confirmed, at no cost to you. Your badge is ready
        whenever you want it.
      </Text>
      <Button href={props.badgeUrl} style={button}>
        Your badge
      </Button>
      <Text style={paragraph}>
        Your registration is also on <Link href={props.registrationsUrl}>My registrations</Link>.
      </Text>
    </EmailLayout>
  );
}

AwardRegistered.PreviewProps = {
  name: "Sam Lee",
  eventName: "Social Media Summit 2027",
  eventWhen: "27–29 September 2027",
  badgeUrl: "http://localhost:3000/registrations/x/badge",
  registrationsUrl: "http://localhost:3000/registrations",
} satisfies AwardRegisteredProps;
