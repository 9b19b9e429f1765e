// The site on a plain static host (no bot server: /api/ask is not there):
// the widget and /ask/?q= say the bot is unavailable, give the hotline, and
// find FAQ questions in the browser from /questions.json.
// Usage: node static.test.js BASE_URL ARTIFACT_DIR
const { check, run, PHONE, askWidget } = require("./lib");
const [base, out] = process.argv.slice(2);
run("static-host test ran to the end", async (browser) => {
  const ctx = await browser.newContext(PHONE);
  const page = await ctx.newPage();
  await page.goto(base + "/");
  await askWidget(page, "本科一年能贷多少");
  await page.waitForSelector(".mb-bot .mb-unavailable", { timeout: 10000 });
  check("the widget says the bot is unavailable", (await page.textContent(".mb-bot .mb-unavailable")).includes("不可用"));
  check("and gives the hotline", (await page.$$(".mb-bot .mb-unavailable a[href^='tel:']")).length === 1);
  await page.waitForSelector(".mb-bot .mb-local a", { timeout: 5000 });
  const found = await page.$$eval(".mb-bot .mb-local a", (as) => as.map((a) => a.getAttribute("href")));
  check("and finds the FAQ question in the browser", found.some((h) => h.startsWith("/faq/edu/")), found.join(" "));
  await page.screenshot({ path: out + "/static-widget-390.png" });

  await page.goto(base + "/ask/?q=" + encodeURIComponent("续贷声明怎么填"));
  await page.waitForSelector("#ask-result .ask-decline a[href^='tel:']", { timeout: 10000 });
  const text = await page.textContent("#ask-result");
  check("/ask/?q= says the bot is unavailable", text.includes("不可用"), text.slice(0, 100));
  check("/ask/?q= shows the question", text.includes("续贷声明怎么填"));
  await page.waitForSelector("#ask-result .mb-local a", { timeout: 5000 });
  const hrefs = await page.$$eval("#ask-result .mb-local a", (as) => as.map((a) => a.getAttribute("href")));
  check("/ask/?q= lists FAQ questions found in the browser", hrefs.some((h) => h.startsWith("/faq/xudai/")), hrefs.join(" "));
  check("the question stays in the box", (await page.inputValue("#ask-q")) === "续贷声明怎么填");
  await page.screenshot({ path: out + "/static-ask-390.png", fullPage: true });
  await ctx.close();
});
