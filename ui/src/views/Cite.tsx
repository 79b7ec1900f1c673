// A recommendation's citation, asked for when the reader opens "Cite": the style picked
// (APA, Chicago, BibTeX, RIS), the text as the API gives it, and a button that copies it.
import { useEffect, useState } from "preact/hooks";
import { run } from "../api";
import { CitationDocument, type CitationStyle } from "../gql/graphql";

const STYLES: readonly (readonly [CitationStyle, string])[] = [
  ["APA", "APA"],
  ["CHICAGO", "Chicago"],
  ["BIBTEX", "BibTeX"],
  ["RIS", "RIS"],
];

type Citation = { status: "closed" } | { status: "loading" } | { status: "failed"; message: string } | { status: "done"; text: string };

export function Cite({ id }: { id: string }) {
  const [open, setOpen] = useState(false);
  const [style, setStyle] = useState<CitationStyle>("APA");
  const [citation, setCitation] = useState<Citation>({ status: "closed" });
  const [copied, setCopied] = useState("");
  useEffect(() => {
    if (!open) return;
    let current = true;
    setCitation({ status: "loading" });
    setCopied("");
    run(CitationDocument, { id, style }).then(
      (data) => {
        if (!current) return;
        const node = data.node;
        setCitation(
          node?.__typename === "Recommendation"
            ? { status: "done", text: node.citation }
            : { status: "failed", message: "no such recommendation" },
        );
      },
      (error: unknown) =>
        current && setCitation({ status: "failed", message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [open, id, style]);
  const copy = () => {
    if (citation.status !== "done") return;
    navigator.clipboard.writeText(citation.text).then(
      () => setCopied("Copied"),
      () => setCopied("The browser did not allow copying: select the text and copy it"),
    );
  };
  return (
    <details class="cite" onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary>Cite</summary>
      <div class="cite-body">
        <label>
          Style{" "}
          <select
            name="citation-style"
            value={style}
            onChange={(event) => setStyle((event.currentTarget as HTMLSelectElement).value as CitationStyle)}
          >
            {STYLES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>{" "}
        <button type="button" class="copy" onClick={copy} disabled={citation.status !== "done"}>
          Copy
        </button>{" "}
        <span class="copied" role="status" aria-live="polite">
          {copied}
        </span>
        {citation.status === "done" ? (
          <pre class="citation">{citation.text}</pre>
        ) : citation.status === "failed" ? (
          <p class="status error" role="alert">
            The server could not answer: {citation.message}
          </p>
        ) : (
          <p class="status">Loading…</p>
        )}
      </div>
    </details>
  );
}
