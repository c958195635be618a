import { Heading, Link, Text } from "@react-email/components";
import { EmailLayout, paragraph } from "./layout.tsx";

export type ApplicationDeclinedProps = {
  name: string;
  eventName: string;
  eventUrl: string;
};

export function subject({ eventName }: ApplicationDeclinedProps) {
  return `Your scholarship application for ${eventName}`;
}

export default function ApplicationDeclined(props: ApplicationDeclinedProps) {
  const { name, eventName } = props;
  return (
    <EmailLayout title={subject(props)} preview="Thank you for applying">
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Thank you for applying
      </Heading>
      <Text style={paragraph}>
        Hi {name}, thank you for sharing your application for <strong>{eventName}</strong> with us. We received many more
        applications than the fund can support this time, and we are sorry that we can't offer you a scholarship for this event.
      </Text>
      <Text style={paragraph}>
        This is no judgement of what you would bring: every award depends on what the book has raised so far. We would be glad to
        read an application from you again for a future event, and the <Link href={props.eventUrl}>event page</Link> lists other
        ways to take part.
      </Text>
    </EmailLayout>
  );
}

ApplicationDeclined.PreviewProps = {
  name: "Jordan Lee",
  eventName: "Social Media Summit 2027",
  eventUrl: "http://localhost:3000/events/social-media-summit-2027",
} satisfies ApplicationDeclinedProps;
