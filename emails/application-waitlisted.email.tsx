import { Heading, Link, Text } from "@react-email/components";
import { EmailLayout, paragraph } from "./layout.tsx";

export type ApplicationWaitlistedProps = {
  name: string;
  eventName: string;
  /** The applicant's own applications page. */
  applicationsUrl: string;
};

export function subject({ eventName }: ApplicationWaitlistedProps) {
  return `Your scholarship application for ${eventName}: on the waiting list`;
}

export default function ApplicationWaitlisted(props: ApplicationWaitlistedProps) {
  const { name, eventName } = props;
  return (
    <EmailLayout title={subject(props)} preview="We hope to have good news for you">
      <Heading as="h1" style={{ fontSize: "22px" }}>
        You're on the scholarship waiting list
      </Heading>
      <Text style={paragraph}>
        Hi {name}, thank you for your application for <strong>{eventName}</strong>. The committee read every application with
        care, and yours stood out. The fund can't cover every award yet, so your application is on the waiting list.
      </Text>
      <Text style={paragraph}>
        As money comes into the fund, or places are declined, we offer them to the waiting list first. We'll email you as soon as
        we can; there's nothing you need to do.
      </Text>
      <Text style={paragraph}>
        You can see where your application stands at any time on <Link href={props.applicationsUrl}>your applications</Link>.
      </Text>
    </EmailLayout>
  );
}

ApplicationWaitlisted.PreviewProps = {
  name: "Jordan Lee",
  eventName: "Social Media Summit 2027",
  applicationsUrl: "http://localhost:3000/scholarships",
} satisfies ApplicationWaitlistedProps;
