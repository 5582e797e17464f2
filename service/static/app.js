// Live feedback: re-scores through the JSON API as the person types (debounced), renders with
// textContent only (user text is never parsed as HTML), and remembers switched-off checks.
"use strict";

(function () {
  const STORAGE_KEY = "amends.disabled";
  const DEBOUNCE_MS = 450;
  const $ = (id) => document.getElementById(id);
  const form = $("draft-form");
  const textarea = $("text");
  const context = $("context");
  const status = $("status");
  const boxes = Array.from(document.querySelectorAll('#settings input[name="disabled"]'));
  let timer = null;
  let latest = 0;

  function disabled() {
    return boxes.filter((b) => b.checked).map((b) => b.value);
  }

  function restoreSettings() {
    let saved = [];
    try { saved = JSON.parse(localStorage.getItem(STORAGE_KEY) || "[]"); } catch (e) { saved = []; }
    boxes.forEach((b) => { b.checked = saved.includes(b.value); });
  }

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function titleOf(dimension) {
    const item = document.querySelector(`.meter[data-dimension="${dimension}"] .title`);
    return item ? item.textContent : dimension;
  }

  function renderMeters(result, off) {
    Object.entries(result.scores).forEach(([dimension, score]) => {
      const item = document.querySelector(`.meter[data-dimension="${dimension}"]`);
      $("meter-" + dimension).value = score;
      $("prob-" + dimension).textContent = Math.round(score * 100) + "%";
      item.classList.toggle("flagged", result.flags[dimension]);
      item.classList.toggle("off", off.includes(dimension));
      item.querySelector(".flag").textContent = off.includes(dimension) ? "off" : (result.flags[dimension] ? "flagged" : "ok");
    });
  }

  // Same choice as the server-rendered page: where matches overlap, rule matches win.
  function weak(m) {
    return m.rule_id.startsWith("MODEL_") || m.rule_id === "MS_NO_CONCRETE_STEP";
  }

  function nonOverlapping(matches) {
    const chosen = [];
    matches.slice().sort((a, b) => weak(a) - weak(b) || a.offset - b.offset || b.length - a.length).forEach((m) => {
      const clash = chosen.some((c) => m.offset < c.offset + c.length && c.offset < m.offset + m.length);
      if (!clash) chosen.push(m);
    });
    return chosen.sort((a, b) => a.offset - b.offset);
  }

  function renderHighlights(text, matches) {
    const box = $("highlighted");
    box.replaceChildren();
    let cursor = 0;
    nonOverlapping(matches).forEach((m) => {
      const chars = Array.from(text); // offsets count code points
      box.append(document.createTextNode(chars.slice(cursor, m.offset).join("")));
      const label = `${titleOf(m.dimension)}: ${m.message}`;
      const mark = el("mark", { tabindex: "0", class: "dim-" + m.dimension, "data-rule-id": m.rule_id, title: m.message, "aria-label": label },
        chars.slice(m.offset, m.offset + m.length).join(""));
      mark.append(el("span", { class: "tip", role: "tooltip" }, label));
      box.append(mark);
      cursor = m.offset + m.length;
    });
    box.append(document.createTextNode(Array.from(text).slice(cursor).join("")));
  }

  function applyFix(fix) {
    const chars = Array.from(textarea.value);
    textarea.value = chars.slice(0, fix.offset).join("") + fix.replacement + chars.slice(fix.offset + fix.length).join("");
    scoreNow();
  }

  function renderSuggestions(matches) {
    const list = $("suggestions");
    list.replaceChildren();
    matches.forEach((m) => {
      const item = el("li", { class: "suggestion dim-" + m.dimension });
      item.append(el("strong", {}, titleOf(m.dimension)), document.createTextNode(" "), el("code", {}, m.rule_id),
        document.createTextNode(`: “${m.text}”. ${m.message}`));
      if (m.fix) {
        const label = m.fix.replacement ? `Apply: “${m.fix.replacement}”` : "Apply: remove it";
        const button = el("button", { type: "button", class: "apply" }, label);
        button.addEventListener("click", () => applyFix(m.fix));
        item.append(button);
      }
      list.append(item);
    });
    $("no-suggestions").hidden = matches.length > 0;
  }

  function render(text, result, off) {
    $("error").hidden = true;
    $("results").hidden = false;
    $("overall").textContent = result.overall;
    $("model-version").textContent = result.model_version;
    renderMeters(result, off);
    renderHighlights(text, result.matches);
    renderSuggestions(result.matches);
    $("rewrite").value = result.rewrite.text;
    $("correction-text").value = text;
    $("correction-context").value = context.value;
    Object.entries(result.flags).forEach(([dimension, flag]) => { $("label-" + dimension).checked = flag; });
  }

  function showError(message) {
    $("error").textContent = message;
    $("error").hidden = false;
  }

  async function scoreNow() {
    const text = textarea.value;
    if (!text.trim()) { status.textContent = ""; return; }
    const ticket = ++latest;
    const off = disabled();
    status.textContent = "checking…";
    try {
      const body = { text: text, disabled: off };
      if (context.value) body.context = context.value;
      const response = await fetch("/api/v1/score", {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
      });
      const data = await response.json();
      if (ticket !== latest) return; // a newer request is on its way
      if (!response.ok) { showError(data.error.message); status.textContent = ""; return; }
      render(text, data, off);
      status.textContent = "";
    } catch (e) {
      if (ticket === latest) { showError("Could not reach the scorer. Is the server running?"); status.textContent = ""; }
    }
  }

  function scoreSoon() {
    clearTimeout(timer);
    timer = setTimeout(scoreNow, DEBOUNCE_MS);
  }

  restoreSettings();
  textarea.addEventListener("input", scoreSoon);
  context.addEventListener("change", scoreSoon);
  boxes.forEach((b) => b.addEventListener("change", () => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(disabled()));
    scoreSoon();
  }));
  form.addEventListener("submit", (event) => { event.preventDefault(); scoreNow(); });
  document.querySelectorAll(".apply-form").forEach((f) => f.addEventListener("submit", (event) => {
    event.preventDefault();
    const b = f.querySelector(".apply");
    applyFix({ offset: Number(b.dataset.offset), length: Number(b.dataset.length), replacement: b.dataset.replacement });
  }));
  const copy = $("copy");
  copy.hidden = false;
  copy.addEventListener("click", async () => {
    try { await navigator.clipboard.writeText($("rewrite").value); copy.textContent = "Copied"; }
    catch (e) { $("rewrite").select(); document.execCommand("copy"); copy.textContent = "Copied"; }
    setTimeout(() => { copy.textContent = "Copy the rewrite"; }, 1500);
  });
  if (textarea.value.trim() && $("results").hidden) scoreNow();
})();
