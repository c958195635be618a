// The fund in public: what the book has raised and what it has paid for. Counts and sums only:
// nobody who bought a book or received a scholarship is named.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { publicFundTotals } from "~/modules/scholarships/fund-reports.server.ts";
import { formatMoney } from "~/shared/money.ts";
import { LineChart } from "~/ui/charts.tsx";
import { ButtonLink, Card, PageHeader } from "~/ui/components.tsx";
import { MoneyStat } from "~/ui/fund.tsx";

export const meta: MetaFunction = () => [
  { title: "The scholarship fund · Summit" },
  { name: "description", content: "All net proceeds of our book fund scholarships for patients and caregivers." },
];

export async function loader({ context }: LoaderFunctionArgs) {
  return publicFundTotals(context.db);
}

const month = (label: string) =>
  new Date(`${label}T00:00:00Z`).toLocaleDateString("en-US", { month: "short", year: "numeric", timeZone: "UTC" });
const longMonth = (label: string) =>
  new Date(`${label}T00:00:00Z`).toLocaleDateString("en-US", { month: "long", year: "numeric", timeZone: "UTC" });
const axisMoney = (cents: number) => `$${Math.round(cents / 100).toLocaleString("en-US")}`;
const count = (n: number, one: string, many: string) => `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;

export default function PublicFund() {
  const totals = useLoaderData<typeof loader>();
  const money = (cents: number) => formatMoney(cents);
  return (
    <article className="space-y-8">
      <PageHeader
        title="The scholarship fund"
        subtitle="The organisers wrote a book about social media in health care. All of its net proceeds pay for patients and caregivers to attend our conferences."
      />
      <p className="rounded-lg border border-teal-200 bg-teal-50 p-5 text-xl leading-relaxed text-teal-950 sm:text-2xl">
        Net proceeds from <strong>{count(totals.booksSold, "book", "books")}</strong> have funded{" "}
        <strong>{count(totals.scholarships, "scholarship", "scholarships")}</strong> (
        <strong>{money(totals.scholarshipsCents)}</strong>).
        {totals.scholarships === 0 ? " The first awards are being decided." : null}
      </p>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <MoneyStat label="Books sold" value={totals.booksSold.toLocaleString("en-US")} note="Here and through retailers" />
        <MoneyStat label="Raised" value={money(totals.raisedCents)} note="Net proceeds, royalties and gifts" />
        <MoneyStat label="Scholarships" value={totals.scholarships.toLocaleString("en-US")} note="Accepted awards" />
        <MoneyStat label="Awarded" value={money(totals.scholarshipsCents)} note="Registration, travel and lodging" />
      </dl>
      <Card>
        <LineChart
          title="Raised so far, month by month"
          points={totals.raisedByMonth}
          formatValue={money}
          formatAxis={axisMoney}
          valueHeading="Raised by the end of the month"
          shortLabel={month}
          longLabel={longMonth}
          pointUnit={{ heading: "Month", one: "month", many: "months", at: "in" }}
          summary={`${money(totals.raisedCents)} raised in all.`}
        />
      </Card>
      <Card className="space-y-3">
        <h2 className="text-lg font-bold">Where the money comes from</h2>
        <p className="text-slate-800">
          For every copy sold here, the fund receives what is left of the price after printing, shipping and the card fee.
          Royalties from bookshops and distributors, and donations, go in too. Awards are made only from money the fund holds.
        </p>
        <div className="flex flex-wrap gap-3">
          <ButtonLink to="/book">Buy the book</ButtonLink>
          <ButtonLink to="/scholarships" variant="secondary">
            Apply for a scholarship
          </ButtonLink>
        </div>
      </Card>
      <p className="text-sm text-slate-600">
        Questions about the fund?{" "}
        <Link to="/" className="font-semibold text-brand-700 underline">
          See our events
        </Link>{" "}
        and contact the organisers.
      </p>
    </article>
  );
}
