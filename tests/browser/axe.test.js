// axe-core on every page template, at 390 px and 1280 px: no serious or
// critical violation (WCAG 2.1 A/AA rules and axe's best practices). The
// answer page is checked with an answer, and the chat panel open.
// Usage: node axe.test.js BASE_URL
const { check, run, askWidget } = require("./lib");
const axePath = require.resolve("axe-core/axe.min.js");
const base = process.argv[2];
// one page per template
const pages = [
  ["home", "/"], ["list", "/guides/"], ["single (guide)", "/guides/huankuan/"],
  ["notices", "/notices/"], ["single (notice)", "/notices/2019-shanxi-tongzhi/"],
  ["faq-index", "/faq/"], ["faq-category", "/faq/edu/"], ["tags", "/tags/"],
  ["offices", "/offices/"], ["ask", "/ask/"], ["ask-answer", "/ask/?q=" + encodeURIComponent("本科一年能贷多少")],
  ["ask-answer (declined)", "/ask/?q=" + encodeURIComponent("花呗怎么还款")],
  ["leaflets", "/leaflets/"], ["leaflet page", "/leaflets/letter/"], ["404", "/404.html"],
];
run("axe test ran to the end", async (browser) => {
  // the tag page: the first tag listed
  {
    const ctx = await browser.newContext();
    const p = await ctx.newPage();
    await p.goto(base + "/tags/");
    const href = await p.getAttribute("main a[href^='/tags/']", "href");
    if (href) pages.push(["tag", href]);
    await ctx.close();
  }
  async function audit(page, name) {
    await page.addScriptTag({ path: axePath });
    const r = await page.evaluate(() => axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
    }));
    const bad = r.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    check(name, bad.length === 0,
      bad.map((v) => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")).join("; "));
  }
  for (const width of [390, 1280]) {
    // axe is injected as an inline script: the site's CSP would refuse it
    const ctx = await browser.newContext({ viewport: { width, height: 900 }, bypassCSP: true });
    const page = await ctx.newPage();
    for (const [name, path] of pages) {
      await page.goto(base + path);
      await audit(page, `axe at ${width} px: ${name} (${path})`);
    }
    await page.goto(base + "/faq/edu/");
    await askWidget(page, "大专能借多少");
    await page.waitForSelector(".mb-bot .mb-fb", { timeout: 10000 });
    await audit(page, `axe at ${width} px: the chat panel with an answer`);
    await ctx.close();
  }
});
