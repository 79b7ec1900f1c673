// Numbers as a reader sees them. Money arrives as exact decimal strings and is grouped
// without ever passing through a float, so what the page prints is what the data says.
import type { AidCategory, Bound, Response, ReviewStatus, TransactionType, RegionalGroup, UnStatus } from "./gql/graphql";

const integer = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat("en", { style: "percent", maximumFractionDigits: 1 });

export const count = (n: number): string => integer.format(n);
export const share = (n: number): string => percent.format(n);

/** `"21700000000.00"` as `21,700,000,000.00`, exactly. */
export function decimal(value: string): string {
  const negative = value.startsWith("-");
  const [whole = "0", fraction] = (negative ? value.slice(1) : value).split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${negative ? "-" : ""}${grouped}${fraction ? `.${fraction}` : ""}`;
}

export function money(amount: { amount: string; currency: string }): string {
  return `${decimal(amount.amount)} ${amount.currency}`;
}

/** How a sum relates to the true total: said before the figure, as the API's `bound` gives it. */
export const BOUND_PREFIX: Record<Bound, string> = {
  EXACT: "",
  AT_LEAST: "at least ",
  MORE_THAN: "more than ",
};

/** An exact sum with its bound: `at least 17,900,000,000`. */
export function bounded(value: string, bound: Bound): string {
  return `${BOUND_PREFIX[bound]}${decimal(value)}`;
}

export function boundedMoney(amount: { amount: string; currency: string }, bound: Bound): string {
  return `${bounded(amount.amount, bound)} ${amount.currency}`;
}

export const RESPONSES: Response[] = ["SUPPORTED", "PARTLY_SUPPORTED", "NOTED", "PENDING"];
export const RESPONSE_LABEL: Record<Response, string> = {
  SUPPORTED: "Supported",
  PARTLY_SUPPORTED: "Partly supported",
  NOTED: "Noted",
  PENDING: "No response recorded",
};
// Okabe and Ito's palette, told apart with every common colour-vision deficiency.
export const RESPONSE_COLOUR: Record<Response, string> = {
  SUPPORTED: "#0072B2",
  PARTLY_SUPPORTED: "#56B4E9",
  NOTED: "#E69F00",
  PENDING: "#999999",
};

export const STATUS_LABEL: Record<ReviewStatus, string> = {
  HELD: "Held",
  NON_COOPERATION: "Not attended: the state refused to take part",
  POSTPONED: "Postponed",
  SCHEDULED: "Scheduled",
};

export const TRANSACTION_LABEL: Record<TransactionType, string> = {
  ALLOCATION: "Allocation",
  APPROPRIATION: "Appropriation",
  DISBURSEMENT: "Disbursement",
  ESTIMATE: "Estimate",
  OBLIGATION: "Obligation",
  REQUEST: "Request",
};

// Okabe and Ito's palette again, one colour per stage of the money.
export const TRANSACTION_COLOUR: Record<TransactionType, string> = {
  ALLOCATION: "#56B4E9",
  APPROPRIATION: "#E69F00",
  DISBURSEMENT: "#009E73",
  ESTIMATE: "#CC79A7",
  OBLIGATION: "#0072B2",
  REQUEST: "#D55E00",
};

/** Official development assistance (OECD DAC Table 2a), a measure of its own: black, the
 * palette's last colour, so that it never reads as one of a donor's own stages. */
export const ODA_COLOUR = "#000000";

/** What names one series of aid sums: the server never adds two sources' figures, nor
 * two categories' in the cross-links, so each source and category is a series of its own. */
export interface AidSeriesOf {
  transactionType: TransactionType | null;
  category?: AidCategory | null;
  source?: { title: string } | null;
  amount: { currency: string };
}

/** A source's short name: its title up to a colon (`ForeignAssistance.gov`, `OECD DAC Table 2a`). */
export function sourceName(title: string): string {
  return (title.split(":")[0] ?? title).trim();
}

/** The key of a sum's series. */
export function aidSeriesKey(t: AidSeriesOf): string {
  return [t.category ?? "", t.transactionType ?? "", t.source?.title ?? "", t.amount.currency].join("|");
}

/** A sum's series as a reader sees it: `Disbursement, ForeignAssistance.gov (USD)`,
 * `ODA disbursement, OECD DAC Table 2a (USD)`, `Private development finance disbursement,
 * OECD DAC Table 2a (USD)` (a private donor's, which OECD keeps apart from ODA). */
export function aidSeriesLabel(t: AidSeriesOf): string {
  const stage = t.transactionType ? TRANSACTION_LABEL[t.transactionType] : "All";
  const what =
    t.category === "OFFICIAL_DEVELOPMENT_ASSISTANCE"
      ? `ODA ${stage.toLowerCase()}`
      : t.category === "PRIVATE_DEVELOPMENT_FINANCE"
        ? `Private development finance ${stage.toLowerCase()}`
        : stage;
  const source = t.source ? `, ${sourceName(t.source.title)}` : "";
  return `${what}${source} (${t.amount.currency})`;
}

/** A sum's series' colour: its stage's, or the colour of official development assistance. */
export function aidSeriesColour(t: AidSeriesOf): string {
  if (t.category === "OFFICIAL_DEVELOPMENT_ASSISTANCE") return ODA_COLOUR;
  return t.transactionType ? TRANSACTION_COLOUR[t.transactionType] : ODA_COLOUR;
}

export const GROUP_LABEL: Record<RegionalGroup, string> = {
  AFRICAN: "African Group",
  ASIA_PACIFIC: "Asia-Pacific Group",
  EASTERN_EUROPEAN: "Eastern European Group",
  LATIN_AMERICAN_AND_CARIBBEAN: "Latin American and Caribbean Group",
  WESTERN_EUROPEAN_AND_OTHERS: "Western European and Others Group",
};

export const UN_STATUS_LABEL: Record<UnStatus, string> = {
  MEMBER: "Member state",
  OBSERVER: "Non-member observer state",
};
