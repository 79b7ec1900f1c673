// A chart drawn by Observable Plot, placed in the page. Plot puts a <style> element in
// what it draws; the page's Content-Security-Policy allows no inline style, so that
// element is taken out before the chart is attached, and style.css styles the charts.
import { useEffect, useRef } from "preact/hooks";

export const PLOT_CLASS = "uprgraph-plot";

export function Chart({ draw, label }: { draw: () => SVGElement | HTMLElement; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = draw();
    node.querySelectorAll("style").forEach((style) => style.remove());
    host.current?.replaceChildren(node);
    return () => node.remove();
  }, [draw]);
  // The chart is a picture of the table next to it: screen readers read the table.
  return <div class="chart" ref={host} role="img" aria-label={label} />;
}
