// The askbot report --html page in headless Chromium at 390 px: nothing is
// requested from anywhere, nothing is wider than the screen, and the numbers
// on the page (the summary line and every bar of the two day charts) are
// the ones in the log. Screenshot: ARTIFACT_DIR/report-390.png.
// Usage: node report.test.js REPORT.html DAYS.txt TOTAL DECLINED ARTIFACT_DIR
// (DAYS.txt: "day|questions|declined" per line, from sqlite3)
const fs = require("fs");
const { check, run, PHONE } = require("./lib");
const [file, daysFile, total, declined, out] = process.argv.slice(2);
run("report test ran to the end", async (browser) => {
  const ctx = await browser.newContext(PHONE);
  const page = await ctx.newPage();
  const requests = [];
  page.on("request", (r) => { if (!r.url().startsWith("file:")) requests.push(r.url()); });
  await page.goto("file://" + require("path").resolve(file));
  check("no request leaves the page", requests.length === 0, requests.join(" "));
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  check("nothing wider than a 390 px phone", w <= 390, "width " + w);
  const span = await page.textContent(".span");
  check("the summary line says " + total + " questions", span.includes("共 " + total + " 个问题"), span);
  check("and " + declined + " not answered", span.includes("其中 " + declined + " 个没答上"), span);
  const want = fs.readFileSync(daysFile, "utf8").trim().split("\n").map((l) => l.split("|"));
  for (const [chart, col] of [["questions", 1], ["declined", 2]]) {
    const bars = await page.$$eval(`svg[data-chart=${chart}] rect`, (rs) =>
      rs.map((r) => [r.getAttribute("data-day"), r.getAttribute("data-n"), r.nextElementSibling.textContent,
                     r.getBoundingClientRect().height]));
    check(`the ${chart} chart has a bar per day`, bars.length === want.length, bars.length + " vs " + want.length);
    want.forEach((row, i) => {
      const b = bars[i] || [];
      check(`${chart} on ${row[0]}: ${row[col]}`, b[0] === row[0] && b[1] === row[col] && b[2] === row[col],
            JSON.stringify(b));
    });
    // the tallest bar is the largest number
    const max = Math.max(...want.map((r) => +r[col]));
    const tallest = bars.reduce((a, b) => (b[3] > a[3] ? b : a), bars[0] || [0, 0, 0, 0]);
    check(`${chart}: the tallest bar is the largest number`, +tallest[1] === max, JSON.stringify(tallest));
  }
  await page.screenshot({ path: out + "/report-390.png", fullPage: true });
  await ctx.close();
});
