import { Lexer } from "marked";
import { afterEach, describe, expect, it, vi } from "vitest";
import { markdownToWhatsApp } from "../../src/whatsapp/markdown";

afterEach(() => {
  vi.restoreAllMocks();
});

describe("markdownToWhatsApp: inline formatting", () => {
  it("turns **bold** and __bold__ into *bold*", () => {
    expect(markdownToWhatsApp("A **big** and __bold__ offer")).toBe("A *big* and *bold* offer");
  });

  it("turns *italic* and _italic_ into _italic_", () => {
    expect(markdownToWhatsApp("An *easy* and _quick_ return")).toBe("An _easy_ and _quick_ return");
  });

  it("turns ~~strike~~ into ~strike~", () => {
    expect(markdownToWhatsApp("Was ~~€20~~ now €15")).toBe("Was ~€20~ now €15");
  });

  it("turns ***bold italic*** into *_bold italic_*", () => {
    expect(markdownToWhatsApp("This is ***very*** important")).toBe("This is *_very_* important");
  });

  it("keeps nested emphasis inside bold", () => {
    expect(markdownToWhatsApp("**free _and_ fast**")).toBe("*free _and_ fast*");
  });

  it("keeps a code span verbatim, asterisks and underscores included", () => {
    expect(markdownToWhatsApp("Type `*77#` or `my_var * 2` to check")).toBe("Type `*77#` or `my_var * 2` to check");
  });

  it("drops the backslash of an escaped character and keeps the character", () => {
    expect(markdownToWhatsApp("\\# not a heading, 1\\. not a list")).toBe("# not a heading, 1. not a list");
  });
});

describe("markdownToWhatsApp: links, images and HTML", () => {
  it("writes a link as its text followed by the URL in brackets", () => {
    expect(markdownToWhatsApp("See [our returns page](https://shop.example/returns_policy).")).toBe(
      "See our returns page (https://shop.example/returns_policy).",
    );
  });

  it("writes only the URL when the link text is the URL", () => {
    expect(markdownToWhatsApp("[https://shop.example](https://shop.example)")).toBe("https://shop.example");
  });

  it("replaces an image by its URL", () => {
    expect(markdownToWhatsApp("Size chart: ![chart](https://cdn.example/size_chart.png)")).toBe(
      "Size chart: https://cdn.example/size_chart.png",
    );
  });

  it("drops HTML tags and keeps their text", () => {
    expect(markdownToWhatsApp("Call <b>now</b><br>or later<!-- note -->\n\n<div>\nOpen <i>daily</i>\n</div>")).toBe(
      "Call now\nor later\n\nOpen daily",
    );
  });
});

describe("markdownToWhatsApp: blocks", () => {
  it("turns headings of any level into a bold line without #", () => {
    expect(markdownToWhatsApp("# Orders\n\n## Returns\n\nText\n\n### **Already bold**")).toBe(
      "*Orders*\n\n*Returns*\n\nText\n\n*Already bold*",
    );
  });

  it("writes bulleted lists with '- ', whatever the Markdown marker", () => {
    expect(markdownToWhatsApp("* one\n* two\n\n+ three")).toBe("- one\n- two\n\n- three");
  });

  it("indents nested lists under their item", () => {
    const markdown = "- Shoes\n  - Trainers\n    - *Running*\n  - Boots\n- Bags";
    expect(markdownToWhatsApp(markdown)).toBe("- Shoes\n  - Trainers\n    - _Running_\n  - Boots\n- Bags");
  });

  it("numbers ordered lists from their start number and indents a nested list under the number", () => {
    expect(markdownToWhatsApp("3. Pack\n4. Print the label\n   - **A4** paper\n5. Drop off")).toBe(
      "3. Pack\n4. Print the label\n   - *A4* paper\n5. Drop off",
    );
  });

  it("renumbers a list written with 1. on every line", () => {
    expect(markdownToWhatsApp("1. a\n1. b\n1. c")).toBe("1. a\n2. b\n3. c");
  });

  it("keeps task list boxes", () => {
    expect(markdownToWhatsApp("- [x] Paid\n- [ ] Shipped")).toBe("- [x] Paid\n- [ ] Shipped");
  });

  it("writes each table row as one line of 'Header: value' pairs, without pipes", () => {
    const table = "| Plan | Price | Notes |\n|---|:-:|---|\n| Basic | $5 | |\n| **Pro** | $10 | `x*y` |";
    const output = markdownToWhatsApp(`Our plans:\n\n${table}`);
    expect(output).toBe("Our plans:\n\nPlan: Basic · Price: $5\nPlan: *Pro* · Price: $10 · Notes: `x*y`");
    expect(output).not.toContain("|");
  });

  it("fences a code block with ``` and leaves its content alone", () => {
    expect(markdownToWhatsApp("Run:\n\n```sh\necho **hi** _there_\n```")).toBe("Run:\n\n```\necho **hi** _there_\n```");
  });

  it("prefixes every line of a quote with '> '", () => {
    expect(markdownToWhatsApp("> Your order **shipped**\n> today\n>\n> Tracking follows")).toBe(
      "> Your order *shipped*\n> today\n>\n> Tracking follows",
    );
  });

  it("turns a horizontal rule into a single blank line", () => {
    expect(markdownToWhatsApp("Above\n\n---\n\nBelow")).toBe("Above\n\nBelow");
  });

  it("separates paragraphs by exactly one blank line and trims the result", () => {
    expect(markdownToWhatsApp("\n\n  First\n\n\n\n\nSecond  \n\n\n")).toBe("First\n\nSecond");
  });
});

describe("markdownToWhatsApp: plain text", () => {
  it.each([
    "5 * 3 = 15, and 2 * 4 * 1 = 8",
    "Thanks! 🙏 👨‍👩‍👧‍👦 🇯🇵 👍🏽 1️⃣",
    "ご注文ありがとうございます。明日発送します！",
    "Track it at https://example.com/a_b_c?ref=x_y_z",
    "Use snake_case_names and my_file_v2.txt",
    "Write to help_desk@example.com or visit www.example.com",
    "Line one\nLine two\nLine three",
    "Price: $5 (about 100% off) & free #1 delivery <3",
    "- first\n- second\n\n1. one\n2. two",
  ])("leaves %j unchanged", (text) => {
    expect(markdownToWhatsApp(text)).toBe(text);
  });

  it("only trims the whitespace around plain text", () => {
    expect(markdownToWhatsApp("  \nHello there\n  ")).toBe("Hello there");
  });
});

describe("markdownToWhatsApp: failure", () => {
  it("returns the input unchanged when the Markdown lexer throws", () => {
    vi.spyOn(Lexer, "lex").mockImplementation(() => {
      throw new Error("lexer exploded");
    });
    expect(markdownToWhatsApp("**still** here")).toBe("**still** here");
  });

  it("returns text rather than throwing for quotes nested 5,000 levels deep", () => {
    const output = markdownToWhatsApp(`${">".repeat(5000)} deep`);
    expect(output).toContain("deep");
  });
});
