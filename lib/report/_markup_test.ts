import { assertEquals } from "@std/assert";
import { el, fragment, raw } from "./_markup.ts";

Deno.test("el escapes text children and attribute values, and nests markup unescaped", () => {
  const title = 'a<b & "c"';
  assertEquals(
    String(el("svg", { "aria-label": title }, el("title", {}, title))),
    '<svg aria-label="a&lt;b &amp; &quot;c&quot;">' +
      "<title>a&lt;b &amp; &quot;c&quot;</title></svg>",
  );
});

Deno.test("el leaves out null, undefined and false attributes and children", () => {
  assertEquals(
    String(
      el("p", { class: null, id: undefined, hidden: false }, null, false, "x"),
    ),
    "<p>x</p>",
  );
});

Deno.test("el closes a childless element itself, writes void elements without an end tag, and an empty child keeps the end tag", () => {
  assertEquals(String(el("line", { x1: 0.5 })), '<line x1="0.5"/>');
  assertEquals(
    String(el("meta", { charset: "utf-8" })),
    '<meta charset="utf-8">',
  );
  assertEquals(String(el("td", {}, "")), "<td></td>");
});

Deno.test("only raw passes text through unescaped; nested lists of children flatten", () => {
  assertEquals(String(fragment(raw("<b>"), "<b>")), "<b>&lt;b&gt;");
  assertEquals(String(fragment([["a", 1], [el("i", {}, "b")]])), "a1<i>b</i>");
});
