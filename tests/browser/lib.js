// What every browser test shares: Debian's chromium driven by playwright-core,
// an "ok NAME" / "FAIL NAME: DETAIL" line per check, and last the
// "N passed, N failed" line the shell tests add up (exit status 1 on a failure).
const { chromium } = require("playwright-core");

let passed = 0, failed = 0;

function check(name, ok, detail) {
  if (ok) { passed++; console.log("ok " + name); }
  else { failed++; console.log("FAIL " + name + (detail ? ": " + detail : "")); }
}

// A phone held upright: the context most tests look at the site in.
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true };

// Start chromium (headless: playwright adds --headless), run body(browser),
// close it and print the counts. An exception in body is one failure, named
// `ranToTheEnd`, with its message.
function run(ranToTheEnd, body) {
  (async () => {
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });
    try {
      await body(browser);
    } catch (e) {
      check(ranToTheEnd, false, e.message);
    } finally {
      await browser.close();
    }
    console.log(`${passed} passed, ${failed} failed`);
    process.exit(failed ? 1 : 0);
  })();
}

// Ask question in the chat widget of the page: open it, type, press Enter.
async function askWidget(page, question) {
  await page.click("#ask-open");
  await page.fill("#mb-q", question);
  await page.press("#mb-q", "Enter");
}

module.exports = { check, run, PHONE, askWidget };
