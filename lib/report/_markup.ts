/**
 * The element helper the HTML report and its SVG charts are built with:
 * `el("rect", { x, y, width }, ...children)`. Text children and attribute
 * values are escaped here and nowhere else; markup passes through only as
 * the {@link Markup} that `el` returns, or explicitly through {@link raw}.
 *
 * @module
 */

/** Markup that is safe to emit as it is: made by {@link el} or {@link raw}. */
export class Markup {
  readonly #html: string;

  /**
   * Wraps text already known to be markup; use {@link raw} to say so.
   *
   * @param html the markup
   */
  constructor(html: string) {
    this.#html = html;
  }

  /**
   * The markup as text.
   *
   * @returns the markup
   */
  toString(): string {
    return this.#html;
  }
}

/** What an element may contain: markup, text (escaped), nothing, or lists of these. */
export type Child =
  | Markup
  | string
  | number
  | null
  | undefined
  | false
  | readonly Child[];

/** An element's attributes; null, undefined and false leave one out. */
export type Attributes = Readonly<
  Record<string, string | number | null | undefined | false>
>;

/** HTML elements that have no end tag. */
const VOID = new Set(["meta", "link", "br", "hr", "img", "input"]);

/**
 * Escapes text for an HTML or SVG text node or attribute value.
 *
 * @param text the text
 * @returns the text with &, <, > and " escaped
 *
 * @example
 * ```ts
 * import { escapeMarkup } from "./_markup.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(escapeMarkup('a < "b" & c'), "a &lt; &quot;b&quot; &amp; c");
 * ```
 */
export function escapeMarkup(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/**
 * Marks text as markup, to be emitted unescaped: for what is written by
 * hand and known safe (the report's style sheet), never for data.
 *
 * @param html the markup
 * @returns it, as Markup
 *
 * @example
 * ```ts
 * import { el, raw } from "./_markup.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(String(el("style", {}, raw("a > b {}"))), "<style>a > b {}</style>");
 * ```
 */
export function raw(html: string): Markup {
  return new Markup(html);
}

/**
 * Children written one after another, with no element around them.
 *
 * @param children the children
 * @returns their markup
 *
 * @example
 * ```ts
 * import { el, fragment } from "./_markup.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(String(fragment(el("b", {}, "x"), " & y")), "<b>x</b> &amp; y");
 * ```
 */
export function fragment(...children: Child[]): Markup {
  return new Markup(children.map(childMarkup).join(""));
}

function childMarkup(child: Child): string {
  if (child === null || child === undefined || child === false) return "";
  if (child instanceof Markup) return child.toString();
  if (typeof child === "number") return String(child);
  if (typeof child === "string") return escapeMarkup(child);
  return child.map(childMarkup).join("");
}

/**
 * An element. Attributes are written in the order given, their values
 * escaped; text children are escaped. An element given no children closes
 * itself (`<rect …/>`, as SVG allows), an HTML void element has no end tag
 * (`<meta …>`); an HTML element meant to be empty takes an empty-string
 * child (`<td></td>`).
 *
 * @param name the element's name
 * @param attributes its attributes
 * @param children its content
 * @returns the element's markup
 *
 * @example
 * ```ts
 * import { el } from "./_markup.ts";
 * import { assertEquals } from "@std/assert";
 * assertEquals(
 *   String(el("text", { x: 4, class: "note" }, "a < b")),
 *   '<text x="4" class="note">a &lt; b</text>',
 * );
 * assertEquals(String(el("rect", { width: 10 })), '<rect width="10"/>');
 * ```
 */
export function el(
  name: string,
  attributes: Attributes = {},
  ...children: Child[]
): Markup {
  const attrs = Object.entries(attributes)
    .filter(([, v]) => v !== null && v !== undefined && v !== false)
    .map(([k, v]) => ` ${k}="${escapeMarkup(String(v))}"`).join("");
  if (VOID.has(name)) return new Markup(`<${name}${attrs}>`);
  if (children.length === 0) return new Markup(`<${name}${attrs}/>`);
  return new Markup(
    `<${name}${attrs}>${children.map(childMarkup).join("")}</${name}>`,
  );
}
