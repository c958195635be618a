import { Button, Heading, Section, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type AgendaChangesProps = {
  name: string;
  eventName: string;
  /** IANA zone every time below is in, e.g. America/New_York. */
  timeZone: string;
  agendaUrl: string;
  /** Only the sessions this person starred, in agenda order. */
  sessions: {
    title: string;
    /** "Moved", "New room", "Cancelled"… */
    changes: string[];
    cancelled: boolean;
    /** "Monday 27 September 2027, 10:30 AM – 11:30 AM EDT in Studio" */
    when: string;
    /** Where and when it was before, when it moved. */
    previously: string | null;
  }[];
};

export function subject({ eventName, sessions }: AgendaChangesProps) {
  if (sessions.length === 1) {
    const [only] = sessions;
    return `“${only.title}”: ${only.changes.join(", ").toLowerCase()} · ${eventName}`;
  }
  return `${sessions.length} sessions you starred have changed · ${eventName}`;
}

const item = { borderLeft: "4px solid #0b5cad", padding: "4px 0 4px 12px", margin: "16px 0" } as const;
const cancelledItem = { ...item, borderLeft: "4px solid #b91c1c" } as const;
const small = { fontSize: "14px", lineHeight: "20px", margin: "4px 0", color: "#3e4c59" } as const;

export default function AgendaChanges(props: AgendaChangesProps) {
  const { name, eventName, timeZone, agendaUrl, sessions } = props;
  return (
    <EmailLayout
      title={subject(props)}
      preview={`The ${eventName} agenda changed for ${sessions.length === 1 ? "a session" : `${sessions.length} sessions`} you starred`}
    >
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Changes to your {eventName} agenda
      </Heading>
      <Text style={paragraph}>
        Hi {name}, the organisers have published a new version of the agenda.{" "}
        {sessions.length === 1 ? "A session you starred has changed:" : `${sessions.length} sessions you starred have changed:`}
      </Text>
      {sessions.map((s) => (
        <Section key={s.title + s.when} style={s.cancelled ? cancelledItem : item}>
          <Text style={{ ...paragraph, fontWeight: 700, margin: "0" }}>{s.title}</Text>
          <Text style={{ ...small, fontWeight: 700, color: s.cancelled ? "#b91c1c" : "#0b5cad" }}>{s.changes.join(" · ")}</Text>
          <Text style={small}>
            {s.cancelled ? "Was scheduled for " : "Now: "}
            {s.when}
          </Text>
          {s.previously && !s.cancelled ? <Text style={small}>Before: {s.previously}</Text> : null}
        </Section>
      ))}
      <Text style={paragraph}>All times are in the event's time zone ({timeZone}).</Text>
      <Button href={agendaUrl} style={button}>
        See the agenda
      </Button>
      <Text style={paragraph}>
        Calendar feeds you subscribed to update by themselves. You get this email because you starred these sessions.
      </Text>
    </EmailLayout>
  );
}

AgendaChanges.PreviewProps = {
  name: "Alex Rivera",
  eventName: "Social Media Summit 2027",
  timeZone: "America/New_York",
  agendaUrl: "http://localhost:3000/events/social-media-summit-2027/agenda",
  sessions: [
    {
      title: "Patients as partners online",
      changes: ["Moved", "New room"],
      cancelled: false,
      when: "Monday 27 September 2027, 10:30 AM – 11:30 AM EDT in Studio",
      previously: "Monday 27 September 2027, 9:00 AM – 10:00 AM EDT in Hall",
    },
    {
      title: "Measuring what matters",
      changes: ["Cancelled"],
      cancelled: true,
      when: "Tuesday 28 September 2027, 2:00 PM – 3:00 PM EDT in Hall",
      previously: null,
    },
  ],
} satisfies AgendaChangesProps;
