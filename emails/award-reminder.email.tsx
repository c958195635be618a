import { Button, Heading, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type AwardReminderProps = {
  name: string;
  eventName: string;
  /** In the event's zone: "1 Aug 2027, 11:59 PM EDT". */
  replyByLabel: string;
  replyUrl: string;
};

export function subject({ eventName }: AwardReminderProps) {
  return `A reminder: your scholarship for ${eventName} awaits your reply`;
}

export default function AwardReminder(props: AwardReminderProps) {
  const { name, eventName, replyByLabel } = props;
  return (
    <EmailLayout title={subject(props)} preview={`Please reply by ${replyByLabel}`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Your scholarship is waiting for you
      </Heading>
      <Text style={paragraph}>
        Hi {name}, a gentle reminder: your scholarship for <strong>{eventName}</strong> is held for you until{" "}
        <strong>{replyByLabel}</strong>. It takes a minute to accept (which registers you at no cost) or to decline.
      </Text>
      <Text style={paragraph}>If we don't hear from you by then, the offer lapses so it can help someone else.</Text>
      <Button href={props.replyUrl} style={button}>
        Reply to your award
      </Button>
    </EmailLayout>
  );
}

AwardReminder.PreviewProps = {
  name: "Jordan Lee",
  eventName: "Social Media Summit 2027",
  replyByLabel: "1 Aug 2027, 11:59 PM EDT",
  replyUrl: "http://localhost:3000/scholarships/awards/x",
} satisfies AwardReminderProps;
