import { Heading, Link, Text } from "@react-email/components";
import { EmailLayout, paragraph } from "./layout.tsx";

export type AwardLapsedProps = {
  name: string;
  eventName: string;
  /** Where the event's page is, should they want to register another way. */
  eventUrl: string;
};

export function subject({ eventName }: AwardLapsedProps) {
  return `Your scholarship offer for ${eventName} has closed`;
}

export default function AwardLapsed(props: AwardLapsedProps) {
  const { name, eventName } = props;
  return (
    <EmailLayout title={subject(props)} preview="The reply deadline has passed">
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Your scholarship offer has closed
      </Heading>
      <Text style={paragraph}>
        Hi {name}, we didn't hear back about your scholarship for <strong>{eventName}</strong> before the reply deadline, so the
        offer has closed and its funds go to other applicants. We understand that life gets busy.
      </Text>
      <Text style={paragraph}>
        If this is a mistake, please reply to this email and we'll do what we can. You're always welcome to apply again, and the{" "}
        <Link href={props.eventUrl}>event page</Link> has other ways to take part.
      </Text>
    </EmailLayout>
  );
}

AwardLapsed.PreviewProps = {
  name: "Jordan Lee",
  eventName: "Social Media Summit 2027",
  eventUrl: "http://localhost:3000/events/social-media-summit-2027",
} satisfies AwardLapsedProps;
