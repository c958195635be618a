import { Button, Heading, Hr, Section, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

// Only "your application" wording: nothing about why someone applied (a story may describe
// their health), so the message is safe in a shared inbox.
export type AwardOfferedProps = {
  name: string;
  eventName: string;
  /** In the event's zone: "27–29 September 2027". */
  eventWhen: string;
  /** "Registration fee waived — $495.00", "Travel — $400.00" … */
  lines: { label: string; amount: string }[];
  totalLabel: string;
  /** In the event's zone: "1 Aug 2027, 11:59 PM EDT". */
  replyByLabel: string;
  replyUrl: string;
  /** For a pair: the other person's name, awarded together. */
  partnerName?: string;
};

export function subject({ eventName }: AwardOfferedProps) {
  return `A scholarship for ${eventName}: please reply`;
}

const line = { fontSize: "16px", lineHeight: "24px", margin: "2px 0" } as const;

export default function AwardOffered(props: AwardOfferedProps) {
  const { name, eventName, eventWhen, lines, totalLabel, replyByLabel, partnerName } = props;
  return (
    <EmailLayout title={subject(props)} preview={`Please accept or decline by ${replyByLabel}`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        You have been awarded a scholarship
      </Heading>
      <Text style={paragraph}>
        Hi {name}, thank you for your application. The committee is delighted to offer you a scholarship to attend{" "}
        <strong>{eventName}</strong> ({eventWhen}).
        {partnerName ? ` It is awarded together with ${partnerName}'s, so you can attend together.` : ""}
      </Text>
      <Section style={{ borderLeft: "4px solid #0b5cad", padding: "4px 0 4px 12px", margin: "12px 0" }}>
        {lines.map((l) => (
          <Text key={l.label} style={line}>
            {l.label}: <strong>{l.amount}</strong>
          </Text>
        ))}
        <Text style={line}>
          In all: <strong>{totalLabel}</strong>
        </Text>
      </Section>
      <Text style={paragraph}>
        Please accept or decline by <strong>{replyByLabel}</strong>. Accepting registers you for the event straight away, at no
        cost; if you can't come, declining lets us offer the place to someone else.
      </Text>
      <Button href={props.replyUrl} style={button}>
        Reply to your award
      </Button>
      <Hr />
      <Text style={{ fontSize: "14px", lineHeight: "20px", color: "#3e4c59" }}>
        This link is only for you; you'll be asked to log in.
      </Text>
    </EmailLayout>
  );
}

AwardOffered.PreviewProps = {
  name: "Jordan Lee",
  eventName: "Social Media Summit 2027",
  eventWhen: "27–29 September 2027",
  lines: [
    { label: "Registration fee waived", amount: "$495.00" },
    { label: "Travel", amount: "$400.00" },
    { label: "Lodging", amount: "$450.00" },
  ],
  totalLabel: "$1,345.00",
  replyByLabel: "1 Aug 2027, 11:59 PM EDT",
  replyUrl: "http://localhost:3000/scholarships/awards/x",
  partnerName: "Sam Lee",
} satisfies AwardOfferedProps;
