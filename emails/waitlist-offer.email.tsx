import { Button, Heading, Hr, Link, Text } from "@react-email/components";
import { button, EmailLayout, paragraph } from "./layout.tsx";

export type WaitlistOfferProps = {
  name: string;
  eventName: string;
  /** In the event's zone, zone named: "27–29 September 2027 (EDT)". */
  eventWhen: string;
  ticketName: string;
  seats: number;
  /** When the held seats go to the next person, in the event's zone: "14 Sep 2027, 3:00 PM EDT". */
  expiresLabel: string;
  offerUrl: string;
  waitlistUrl: string;
};

const seatWords = (seats: number) => (seats === 1 ? "a seat" : `${seats} seats together`);

export function subject({ eventName, seats }: WaitlistOfferProps) {
  return `${seats === 1 ? "A seat is" : "Seats are"} free for you at ${eventName}`;
}

export default function WaitlistOffer(props: WaitlistOfferProps) {
  const { name, eventName, eventWhen, ticketName, seats, expiresLabel } = props;
  return (
    <EmailLayout title={subject(props)} preview={`We're holding ${seatWords(seats)} for you until ${expiresLabel}`}>
      <Heading as="h1" style={{ fontSize: "22px" }}>
        Good news: {seats === 1 ? "a seat" : "seats"} freed up for {eventName}
      </Heading>
      <Text style={paragraph}>
        Hi {name}, you were next on the waiting list for <strong>{ticketName}</strong> ({eventWhen}). We're holding{" "}
        {seatWords(seats)} for you until <strong>{expiresLabel}</strong>.
      </Text>
      <Text style={paragraph}>
        Register and pay before then to keep {seats === 1 ? "it" : "them"}. After that, the offer goes to the next person on the
        list.
      </Text>
      <Button href={props.offerUrl} style={button}>
        Take up the offer
      </Button>
      <Hr />
      <Text style={{ fontSize: "14px", lineHeight: "20px", color: "#3e4c59" }}>
        This link is only for you; you'll be asked to log in. Not going after all?{" "}
        <Link href={props.waitlistUrl}>Leave the waiting list</Link> and the seats go to the next person straight away.
      </Text>
    </EmailLayout>
  );
}

WaitlistOffer.PreviewProps = {
  name: "Jordan Lee",
  eventName: "Patient Voices Boot Camp",
  eventWhen: "8–12 March 2027 (CST)",
  ticketName: "In-person",
  seats: 2,
  expiresLabel: "14 Feb 2027, 3:00 PM CST",
  offerUrl: "http://localhost:3000/waitlist/offers/x",
  waitlistUrl: "http://localhost:3000/waitlist",
} satisfies WaitlistOfferProps;
