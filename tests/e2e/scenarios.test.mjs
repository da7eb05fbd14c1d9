// Browser scenarios of `cooplabel serve`, run by `tests/e2e/run` (and `.ci/run`): Playwright
// drives Debian's Chromium (never a browser of its own), headless, with no network but the
// service on this machine. Screenshots and PDFs go to $ARTIFACTS.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";

const BASE = process.env.BASE_URL ?? "http://127.0.0.1:8090";
const BIN = process.env.COOPLABEL_BIN ?? "target/release/cooplabel";
const ROOT = process.env.REPO_ROOT ?? process.cwd();
const OUT = process.env.ARTIFACTS ?? "target/e2e-artifacts";
mkdirSync(OUT, { recursive: true });

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let browser;
before(async () => {
  const args = [
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
  ];
  if (process.getuid && process.getuid() === 0) args.push("--no-sandbox");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    args,
  });
});
after(async () => { await browser?.close(); });

async function page(viewport) {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: "fr-FR" });
  const p = await context.newPage();
  // A page must never need anything but the service: every asset is embedded.
  p.on("request", (r) => {
    if (!r.url().startsWith(BASE) && !r.url().startsWith("data:")) {
      throw new Error(`request outside the service: ${r.url()}`);
    }
  });
  // No script error and no Content-Security-Policy violation on any page.
  p.errors = [];
  p.on("pageerror", (e) => p.errors.push(String(e)));
  p.on("console", (m) => { if (m.type() === "error") p.errors.push(m.text()); });
  return p;
}

async function close(p) {
  assert.deepEqual(p.errors, [], "errors in the browser console");
  await p.context().close();
}

// The last text line of each printed page (but the last), from Chromium's PDF: none may be a
// heading, a box title or a table's header without its first row — a heading never ends a page
// apart from what it introduces. A line that is also the end of a table cell is a row, not a
// heading (a criterion's title is both).
async function headingsEndingPages(p, pdf) {
  const flat = (s) => s.replace(/\s+/g, " ").trim();
  const { heads, cells } = await p.evaluate(() => ({
    heads: [...document.querySelectorAll("h1, h2, h3, h4, caption, .rule-head, .sources-head, .score-line")]
      .map((e) => e.innerText)
      .concat([...document.querySelectorAll("table")]
        .filter((t) => t.tHead && t.tBodies[0]?.rows[0]?.innerText.trim())
        .map((t) => t.tHead.innerText)),
    cells: [...document.querySelectorAll("td")].map((c) => c.innerText),
  }));
  const H = heads.map(flat).filter(Boolean);
  const C = cells.map(flat).filter(Boolean);
  const pages = execFileSync("pdftotext", [pdf, "-"]).toString().split("\f").slice(0, -1);
  const bad = [];
  pages.slice(0, -1).forEach((text, i) => {
    const lines = text.split("\n").map(flat).filter(Boolean);
    const last = lines.at(-1) ?? "";
    const two = flat(`${lines.at(-2) ?? ""} ${last}`);
    const heading = H.find((h) => h === last || h.endsWith(two));
    const cell = C.some((c) => c === last || c.endsWith(two));
    if (heading && !cell) bad.push(`page ${i + 1}: « ${last} »`);
  });
  return { pages: pages.length, bad };
}

// Codes, levels and statuses never break inside a word: each word of those cells is drawn on
// one line (its rectangles share one bottom).
const brokenWords = (p, selector) => p.evaluate((sel) => {
  const broken = [];
  for (const el of document.querySelectorAll(sel)) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      for (const m of n.data.matchAll(/\S+/g)) {
        const r = document.createRange();
        r.setStart(n, m.index);
        r.setEnd(n, m.index + m[0].length);
        const bottoms = new Set([...r.getClientRects()].filter((x) => x.width > 0).map((x) => Math.round(x.bottom)));
        if (bottoms.size > 1) broken.push(m[0]);
      }
    }
  }
  return broken;
}, selector);

const CODE_CELLS = "table.rules td.code, .level, table.criteria td:first-child, table.criteria td:nth-child(3), table.criteria td:last-child";

const shot = (p, name) => p.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
// What the person sees on the screen, without scrolling.
const view = (p, name) => p.screenshot({ path: path.join(OUT, `${name}-ecran.png`) });

for (const [label, viewport] of [["ordinateur", DESKTOP], ["telephone", PHONE]]) {
  test(`un territoire remplit le questionnaire de faisabilité (${label}) et télécharge un dossier que check valide`, async () => {
    const p = await page(viewport);
    await p.goto(`${BASE}/questionnaire?etape=faisabilite&pays=FR`);
    await shot(p, `questionnaire-vide-${label}`);
    await p.getByLabel("Nom").fill("Coopérative d'activités du Val (projet)");
    await p.getByLabel("Volonté du territoire").fill("délibération du conseil communautaire du 12 mars 2026");
    // A value pasted from a spreadsheet, with no-break spaces.
    await p.getByLabel("Structure d'appui").fill("Maison\u00a0de l'initiative");
    await p.getByRole("group", { name: "Offre existante analysée" }).first().getByLabel("oui").check();
    // The page says, without reloading, what this stage now has.
    await p.locator("#etat-faisabilite").waitFor();
    await assert.doesNotReject(
      p.waitForFunction(() => document.querySelector("#progres")?.textContent.includes("0 à renseigner"), null, { timeout: 5000 }),
    );
    // The next stage: add a partner (a row) and see it counted.
    await p.getByRole("button", { name: /Ajouter une ligne.*Partenaires/ }).click();
    await p.locator("input[name='q/territoire/partenaires/0/nom']").fill("Communauté de communes");
    await p.locator("select[name='q/territoire/partenaires/0/type']").selectOption("collectivite");
    await p.getByRole("button", { name: "Mettre à jour l'état du dossier" }).click();
    const next = await p.locator("section[aria-labelledby='etat-mobilisation']").textContent();
    assert.match(next, /Pour passer à l'étape suivante/);
    assert.match(next, /DL001/);
    await shot(p, `questionnaire-rempli-${label}`);
    await p.locator("#etat-mobilisation").scrollIntoViewIfNeeded();
    await view(p, `questionnaire-etape-suivante-${label}`);
    const [download] = await Promise.all([
      p.waitForEvent("download"),
      p.getByRole("button", { name: "Télécharger le dossier (YAML)" }).click(),
    ]);
    const file = path.join(OUT, `questionnaire-${label}.yaml`);
    await download.saveAs(file);
    // The downloaded file passes `cooplabel check` as it is.
    const out = execFileSync(path.resolve(ROOT, BIN), ["check", "--color", "never", file], { encoding: "utf8" });
    assert.match(out, /Étape validée/);
    assert.match(out, /Pour passer à l'étape suivante/);
    await close(p);
  });
}

test("un dossier cassé montre son constat sur sa ligne", async () => {
  const p = await page(DESKTOP);
  await p.goto(`${BASE}/verifier`);
  await p.setInputFiles("#fichier", path.resolve(ROOT, "samples/erreurs/taux-en-pourcent.yaml"));
  await p.getByRole("button", { name: "Vérifier" }).click();
  const marked = p.locator("li.marked").filter({ hasText: "SC005" });
  await assert.doesNotReject(marked.first().waitFor());
  const line = await marked.first().getAttribute("id");
  assert.match(line, /^ligne-\d+$/);
  await marked.first().scrollIntoViewIfNeeded();
  await shot(p, "dossier-casse");
  await view(p, "dossier-casse");
  await p.setViewportSize(PHONE);
  await marked.first().scrollIntoViewIfNeeded();
  await view(p, "dossier-casse-telephone");
  await shot(p, "dossier-casse-telephone");
  await close(p);
});

test("un membre du comité ouvre un rapport et une règle, et les imprime", async () => {
  const p = await page(DESKTOP);
  await p.goto(`${BASE}/verifier`);
  await p.setInputFiles("#fichier", path.resolve(ROOT, "samples/cap-services-2000.yaml"));
  await p.getByRole("button", { name: "Vérifier" }).click();
  await assert.doesNotReject(p.locator(".report .badge", { hasText: "Label accordé" }).first().waitFor());
  await shot(p, "rapport");
  await view(p, "rapport");
  await p.pdf({ path: path.join(OUT, "rapport.pdf"), format: "A4", printBackground: true });
  const printed = await headingsEndingPages(p, path.join(OUT, "rapport.pdf"));
  assert.ok(printed.pages > 3, `the report is printed on ${printed.pages} pages`);
  assert.deepEqual(printed.bad, [], "rapport.pdf: a page ends with a heading");
  assert.deepEqual(await brokenWords(p, CODE_CELLS), [], "report at 1280 px: a code or level breaks");
  await p.setViewportSize(PHONE);
  assert.deepEqual(await brokenWords(p, CODE_CELLS), [], "report at 390 px: a code or level breaks");
  const wide = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(wide, 0, "the report fits a phone's width (wide tables scroll in their box)");
  await p.locator("table.criteria").first().scrollIntoViewIfNeeded();
  await view(p, "rapport-criteres-telephone");
  await p.setViewportSize(DESKTOP);
  await p.goto(`${BASE}/regles/RS003`);
  await assert.doesNotReject(p.getByRole("heading", { name: /RS003/ }).first().waitFor());
  await shot(p, "regle-RS003");
  await p.pdf({ path: path.join(OUT, "regle-RS003.pdf"), format: "A4" });
  await p.goto(`${BASE}/regles`);
  assert.deepEqual(await brokenWords(p, CODE_CELLS), [], "/regles at 1280 px: a code or level breaks");
  await p.pdf({ path: path.join(OUT, "regles.pdf"), format: "A4" });
  assert.deepEqual((await headingsEndingPages(p, path.join(OUT, "regles.pdf"))).bad, [], "regles.pdf");
  await p.setViewportSize(PHONE);
  await p.goto(`${BASE}/regles?niveau=obligatoire`);
  assert.deepEqual(await brokenWords(p, CODE_CELLS), [], "/regles at 390 px: a code or level breaks");
  await shot(p, "regles-telephone");
  await view(p, "regles-telephone");
  await close(p);
});

// The committee's report printed from a file (`check --format html`), every sample: no page
// ends with a heading, a box title or a bare table header.
test("le rapport HTML de chaque exemple s'imprime sans titre en bas de page", async () => {
  const p = await page(DESKTOP);
  // The history sample is a directory: three years of one cooperative, each with its « Depuis
  // le dossier précédent » section.
  const samples = ["azimut-2000.yaml", "cae-2021.yaml", "cap-services-2000.yaml", "faisabilite-val-de-dore.yaml", "portage-deguise-2000.yaml", "ues-2000.yaml", "historique-azalee"];
  for (const name of samples) {
    let html;
    try {
      html = execFileSync(path.resolve(ROOT, BIN), ["check", "--format", "html", path.resolve(ROOT, `samples/${name}`)]).toString();
    } catch (e) {
      html = e.stdout.toString(); // a refused label exits 1, its report is written all the same
    }
    await p.setContent(html);
    const pdf = path.join(OUT, `rapport-${name}.pdf`);
    await p.pdf({ path: pdf, format: "A4", printBackground: true });
    const printed = await headingsEndingPages(p, pdf);
    assert.deepEqual(printed.bad, [], `${name}: a page ends with a heading`);
  }
  await close(p);
});

// On a phone, a report never scrolls sideways as a whole: the criteria table restacks, and
// every other table wider than the screen scrolls inside its own box, a labelled region the
// keyboard reaches (role="region", aria-label, tabindex="0").
test("le rapport HTML sur un téléphone : chaque tableau large défile dans sa propre zone, nommée et atteignable au clavier", async () => {
  const p = await page(PHONE);
  for (const name of ["cap-services-2000.yaml", "historique-azalee", "reseau-2000"]) {
    let html;
    try {
      html = execFileSync(path.resolve(ROOT, BIN), ["check", "--format", "html", path.resolve(ROOT, `samples/${name}`)]).toString();
    } catch (e) {
      html = e.stdout.toString(); // a refused label exits 1, its report is written all the same
    }
    await p.setContent(html);
    const found = await p.evaluate(() => {
      const page = document.scrollingElement.scrollWidth - window.innerWidth;
      const wide = [...document.querySelectorAll("table")]
        .filter((t) => t.getBoundingClientRect().width > window.innerWidth - 8 || t.scrollWidth > t.clientWidth + 1)
        .map((t) => {
          const box = t.closest(".scroll");
          const crowded = t.parentElement.scrollWidth > t.parentElement.clientWidth + 1;
          return {
            table: t.className || t.querySelector("caption")?.innerText || "(table)",
            crowded,
            region: box ? box.getAttribute("role") : null,
            label: box ? box.getAttribute("aria-label") : null,
            tabindex: box ? box.getAttribute("tabindex") : null,
          };
        });
      return { page, wide };
    });
    assert.ok(found.page <= 1, `${name}: the page scrolls sideways by ${found.page} px at 390 px`);
    const scrolling = found.wide.filter((w) => w.crowded);
    assert.ok(scrolling.length > 0 || name !== "historique-azalee", `${name}: no table scrolls at 390 px (the check would not see one)`);
    for (const w of scrolling) {
      assert.equal(w.region, "region", `${name}: ${w.table} scrolls outside a region`);
      assert.ok(w.label && w.label.trim().length > 0, `${name}: ${w.table} scrolls in a box with no name`);
      assert.equal(w.tabindex, "0", `${name}: ${w.table} scrolls in a box the keyboard cannot reach`);
    }
    await p.screenshot({ path: path.join(OUT, `rapport-${name}-telephone.png`), fullPage: true });
  }
  await close(p);
});

// Accessibility, checked in the browser on every page a person uses: each form control has a
// name (a label), the first Tab reaches the skip link, and every text has a contrast of at
// least 4.5:1 (WCAG AA) against the background it is drawn on.
test("chaque page : champs nommés, clavier, contraste", async () => {
  const p = await page(DESKTOP);
  const pages = [
    "/",
    "/verifier",
    "/questionnaire?etape=faisabilite&pays=FR",
    "/questionnaire?etape=suivi&pays=BE",
    "/regles",
    "/regles/PT010",
    "/principes",
  ];
  for (const url of pages) {
    await p.goto(`${BASE}${url}`);
    const unnamed = await p.evaluate(() =>
      [...document.querySelectorAll("input:not([type=hidden]), select, textarea:not([hidden]), button")]
        .filter((el) => {
          const labelled = (el.labels && el.labels.length > 0) || el.getAttribute("aria-labelledby") || el.getAttribute("aria-label");
          const text = el.tagName === "BUTTON" && el.textContent.trim().length > 0;
          const inLabelledGroup = el.closest("fieldset[aria-labelledby], fieldset legend") || (el.closest("fieldset") && el.closest("fieldset").querySelector("legend"));
          return !(labelled || text || (el.type === "radio" && el.labels.length > 0) || (inLabelledGroup && el.labels && el.labels.length));
        })
        .map((el) => el.outerHTML.slice(0, 120)),
    );
    assert.deepEqual(unnamed, [], `${url}: controls without a name`);
    await p.keyboard.press("Tab");
    const first = await p.evaluate(() => document.activeElement?.className);
    assert.equal(first, "skip", `${url}: the first Tab reaches the skip link`);
    const low = await p.evaluate(() => {
      const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
      const lum = ([r, g, b]) => {
        const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
      };
      const background = (el) => {
        for (let e = el; e; e = e.parentElement) {
          const c = rgb(getComputedStyle(e).backgroundColor);
          if (c.length >= 3 && (c.length === 3 || c[3] > 0.5)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const out = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!n.textContent.trim() || !el || !el.getClientRects().length) continue;
        const st = getComputedStyle(el);
        if (st.visibility === "hidden" || st.display === "none" || el.closest("svg, .skip, .visually-hidden")) continue;
        const fg = rgb(st.color).slice(0, 3);
        const [a, b] = [lum(fg), lum(background(el))].sort((x, y) => y - x);
        const ratio = (a + 0.05) / (b + 0.05);
        if (ratio < 4.5) out.push(`${ratio.toFixed(2)} ${el.tagName} « ${n.textContent.trim().slice(0, 40)} »`);
      }
      return out;
    });
    assert.deepEqual(low, [], `${url}: text below 4.5:1`);
  }
  await close(p);
});
