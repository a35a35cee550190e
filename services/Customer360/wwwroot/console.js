// The Customer 360 console: plain JavaScript over the read API (/v1). No framework, no build step, nothing
// loaded from elsewhere. Every value from the API is put into the page as text, never as markup.
"use strict";

const KEY_STORE = "customerstream.readApiKey";
const SVG = "http://www.w3.org/2000/svg";
const money = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = new Intl.NumberFormat("en-US");
const state = { key: null, customer: null, grain: "month", pipelineTimer: null };

const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== null && value !== undefined) node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  for (const child of children) node.append(child);
  return node;
}

function utc(ts) {
  return ts ? ts.replace("T", " ").replace(/(\.\d+)?(Z|[+-]\d\d:\d\d)$/, "") : "–";
}

class ApiError extends Error {
  constructor(status, problem) {
    super(problem && problem.error ? problem.error : `HTTP ${status}`);
    this.status = status;
    this.hint = problem && problem.hint;
  }
}

async function api(path) {
  const response = await fetch(path, { headers: { "X-Api-Key": state.key || "", Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

function setStatus(text) {
  $("status").textContent = text;
}

// --- the key -------------------------------------------------------------------------------------------

function readKey() {
  // A link may carry the key in its fragment (#key=…), which browsers never send to the server; it is moved
  // to this tab's session storage and removed from the address bar.
  const match = /(?:^#|&)key=([^&]+)/.exec(location.hash);
  if (match) {
    sessionStorage.setItem(KEY_STORE, decodeURIComponent(match[1]));
    history.replaceState(null, "", location.pathname + location.search);
  }
  return sessionStorage.getItem(KEY_STORE);
}

function askForKey(message) {
  state.key = null;
  sessionStorage.removeItem(KEY_STORE);
  $("key-form").hidden = false;
  $("key-error").textContent = message || "";
  $("key").focus();
}

async function useKey(key) {
  state.key = key;
  try {
    await loadCount();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      askForKey("That key was refused.");
      return false;
    }
    setStatus(`The read API did not answer: ${error.message}`);
  }
  sessionStorage.setItem(KEY_STORE, key);
  $("key-form").hidden = true;
  startPipeline();
  return true;
}

// --- search --------------------------------------------------------------------------------------------

async function search(text) {
  const q = text.trim();
  if (!q || !state.key) return;
  setStatus(`Looking for “${q}”…`);
  try {
    const answer = await api(`/v1/customers?q=${encodeURIComponent(q)}`);
    const list = $("result-list");
    list.replaceChildren();
    for (const hit of answer.customers) {
      const name = [hit.first_name, hit.last_name].filter(Boolean).join(" ") || "(no name)";
      const button = el("button", { type: "button", "data-customer": hit.customer_id },
        el("span", {}, name), el("span", {}, hit.email || ""), el("span", { class: "id" }, hit.customer_id),
        el("span", { class: "muted" }, `${hit.visibility_status} · matched by ${hit.matched_by}`));
      button.addEventListener("click", () => openCustomer(hit.customer_id));
      list.append(el("li", {}, button));
    }
    $("results").hidden = answer.customers.length < 2;
    if (answer.customers.length === 0) {
      setStatus(`No customer is known by “${q}”.`);
      $("customer").hidden = true;
    } else if (answer.customers.length === 1 || answer.customers[0].matched_by === "key") {
      // The text is one customer's key (ID, old ID, e-mail address, identifier): show it, asked by that key so
      // that the page says how it led there; others stay listed.
      await openCustomer(answer.customers[0].matched_by === "key" ? q : answer.customers[0].customer_id);
    } else {
      setStatus(`${answer.customers.length} customers match “${q}”.`);
      list.querySelector("button").focus();
    }
  } catch (error) {
    handle(error);
  }
}

function handle(error) {
  if (error instanceof ApiError && error.status === 401) {
    askForKey("The key was refused; paste a valid one.");
  } else {
    setStatus(error.hint ? `${error.message} (${error.hint})` : error.message);
  }
}

// --- one customer --------------------------------------------------------------------------------------

async function openCustomer(key) {
  setStatus("Loading…");
  try {
    const path = `/v1/customers/${encodeURIComponent(key)}`;
    const [customer, merges, orders] = await Promise.all([api(path), api(`${path}/merges`), api(`${path}/orders`)]);
    state.customer = customer;
    renderProfile(customer);
    renderGraph(customer, merges);
    renderMerges(merges);
    renderOrders(orders);
    await loadPeriods();
    $("customer").hidden = false;
    setStatus(`Showing ${customer.customer_id}.`);
    $("profile-title").focus();
  } catch (error) {
    handle(error);
  }
}

function renderProfile(customer) {
  const p = customer.profile;
  const via = customer.resolved_via.length ? `Found via ${customer.resolved_via.join("; ")}.` : "Found by its Customer360 ID.";
  $("resolved").textContent = via;
  const facts = [
    ["Customer360 ID", p.customer_id], ["Name", [p.first_name, p.last_name].filter(Boolean).join(" ") || "–"],
    ["E-mail", p.email], ["Visibility", p.visibility_status], ["Acquired (UTC)", utc(p.acquisition_ts)],
    ["Acquisition source", p.acquisition_source], ["Country / city", [p.country, p.city].filter(Boolean).join(" / ") || "–"],
    ["Phone", p.phone], ["Lifetime value", money.format(p.lifetime_value)], ["Orders (approved)", count.format(p.total_transactions)],
    ["Refunded", money.format(p.refunded_amount)], ["Average order", p.avg_transaction_value === null ? "–" : money.format(p.avg_transaction_value)],
    ["First / last order", `${utc(p.first_transaction_ts)} / ${utc(p.last_transaction_ts)}`], ["Tier", p.tier],
    ["Segment (RFM)", p.segment ? `${p.segment} (R${p.r_score} F${p.f_score} M${p.m_score})` : "–"],
    ["Recency (days)", p.recency_days], ["Consistency", p.spending_consistency],
    ["Web sessions / page views", `${count.format(p.web_sessions)} / ${count.format(p.page_views)}`], ["Version", p.version],
  ];
  $("profile").replaceChildren(...facts.map(([name, value]) =>
    el("div", { "data-field": name }, el("dt", {}, name), el("dd", {}, value === null || value === undefined || value === "" ? "–" : String(value)))));
  const rows = customer.identifiers.map((i) => el("tr", { "data-identifier": i.identifier },
    el("td", {}, i.identifier), el("td", {}, i.is_strong ? "strong" : "weak"), el("td", {}, i.source_system || "–"), el("td", {}, utc(i.first_seen_ts))));
  $("identifiers").tBodies[0].replaceChildren(...rows);
}

// Identifiers around the customer; each edge is the link identity keeps (solid strong, dashed weak). Old
// Customer360 IDs sit outside, tied to the identifier that derives them; announced merges tie IDs to survivors.
function renderGraph(customer, merges) {
  const width = 760, height = 420, cx = width / 2, cy = height / 2;
  const ids = customer.identifiers;
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": "graph-title" });
  const edges = svg("g"), nodes = svg("g");
  root.append(edges, nodes);
  const position = new Map();
  position.set(customer.customer_id, [cx, cy]);
  const ring = Math.min(150, 60 + ids.length * 12);
  ids.forEach((identifier, index) => {
    const angle = (2 * Math.PI * index) / Math.max(ids.length, 1) - Math.PI / 2;
    position.set(identifier.identifier, [cx + ring * 1.6 * Math.cos(angle), cy + ring * Math.sin(angle)]);
  });
  const aliases = merges.aliases;
  aliases.forEach((alias) => {
    const [x, y] = position.get(alias.identifier) || [cx, cy];
    const dx = x - cx, dy = y - cy, length = Math.hypot(dx, dy) || 1;
    position.set(alias.alias_id, [x + (dx / length) * 70, y + (dy / length) * 45]);
  });
  merges.merges.forEach((merge, index) => {
    // An ID no identifier derives (an anonymous profile's): along the bottom, clear of the edges.
    if (!position.has(merge.merged_id)) position.set(merge.merged_id, [120 + ((index * 200) % (width - 240)), height - 24]);
  });

  const line = (from, to, cls, title) => {
    const a = position.get(from), b = position.get(to);
    if (!a || !b) return;
    edges.append(svg("line", { x1: a[0], y1: a[1], x2: b[0], y2: b[1], class: `edge ${cls}`, stroke: cls === "weak" ? "#c0661a" : cls === "alias" || cls === "merge" ? "#6b4fa3" : "#1f5fbf",
      "stroke-width": cls === "strong" ? 2 : 1.5, "stroke-dasharray": cls === "weak" ? "6 4" : cls === "alias" ? "2 4" : cls === "merge" ? "8 3 2 3" : "none" }, svg("title", {}, title)));
  };
  ids.forEach((i) => line(i.identifier, customer.customer_id, i.is_strong ? "strong" : "weak",
    `${i.identifier} → ${customer.customer_id}${i.source_system ? ` (seen in ${i.source_system}` : " ("}${i.first_seen_ts ? ` since ${utc(i.first_seen_ts)})` : ")"}`));
  aliases.forEach((a) => line(a.identifier, a.alias_id, "alias", `${a.identifier} derives the old ID ${a.alias_id}`));
  merges.merges.forEach((m) => line(m.merged_id, m.survivor_id, "merge", `${m.merged_id} merged into ${m.survivor_id} (${m.reason}, ${utc(m.merged_at)})`));

  const node = (id, label, kind) => {
    const [x, y] = position.get(id);
    const fill = kind === "customer" ? "#1d2330" : kind === "strong" ? "#1f5fbf" : kind === "weak" ? "#fff" : "#f1ecfa";
    const stroke = kind === "weak" ? "#c0661a" : kind === "alias" ? "#6b4fa3" : "#1d2330";
    nodes.append(svg("g", { class: `node ${kind}`, "data-node": id },
      svg("circle", { cx: x, cy: y, r: kind === "customer" ? 11 : 7, fill, stroke, "stroke-width": 2 }),
      svg("text", { x, y: y + (kind === "customer" ? 26 : 20), "text-anchor": "middle" }, label),
      svg("title", {}, id)));
  };
  node(customer.customer_id, customer.customer_id, "customer");
  ids.forEach((i) => node(i.identifier, i.identifier.length > 34 ? `${i.identifier.slice(0, 32)}…` : i.identifier, i.is_strong ? "strong" : "weak"));
  for (const id of new Set([...aliases.map((a) => a.alias_id), ...merges.merges.map((m) => m.merged_id)])) {
    if (id !== customer.customer_id) node(id, id, "alias");
  }
  $("graph").replaceChildren(root);
}

function renderMerges(merges) {
  const items = merges.merges.map((m) => el("li", {},
    `${utc(m.merged_at)}: ${m.merged_id} merged into ${m.survivor_id} (${m.reason}${m.linking_identifier ? `, via ${m.linking_identifier}` : ""})`));
  if (items.length === 0) items.push(el("li", { class: "muted" }, "No merge was announced for this customer."));
  for (const alias of merges.aliases) {
    items.push(el("li", { class: "muted" }, `${alias.alias_id} resolves here: ${alias.identifier} derives it.`));
  }
  $("merges").replaceChildren(...items);
}

function renderOrders(answer) {
  $("orders").tBodies[0].replaceChildren(...answer.orders.map((o) => el("tr", {},
    el("td", {}, `${o.source_system}:${o.order_id}`), el("td", {}, utc(o.order_ts)), el("td", {}, o.status),
    el("td", { class: "num" }, `${money.format(o.amount)} ${o.currency}`), el("td", {}, o.business_unit), el("td", {}, o.category || "–"))));
  $("orders-more").hidden = !answer.more;
}

function periodLabel(start, grain) {
  const [year, month] = start.split("-");
  if (grain === "year") return year;
  if (grain === "quarter") return `${year} Q${Math.floor((Number(month) - 1) / 3) + 1}`;
  return `${year}-${month}`;
}

async function loadPeriods() {
  if (!state.customer) return;
  const grain = state.grain;
  const answer = await api(`/v1/customers/${encodeURIComponent(state.customer.customer_id)}/periods?grain=${grain}`);
  const periods = answer.periods;
  $("periods").tBodies[0].replaceChildren(...periods.map((p) => el("tr", { "data-period": periodLabel(p.period_start, grain) },
    el("th", { scope: "row" }, periodLabel(p.period_start, grain)), el("td", { class: "num" }, count.format(p.order_count)),
    el("td", { class: "num" }, money.format(p.revenue)), el("td", { class: "num" }, money.format(p.refunded_amount)),
    el("td", { class: "num" }, count.format(p.web_sessions)), el("td", { class: "num" }, count.format(p.page_views)))));
  const width = 760, height = 220, left = 56, bottom = 36, top = 10;
  const max = Math.max(1, ...periods.map((p) => p.revenue));
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": `Revenue per ${grain}` });
  root.append(svg("line", { x1: left, y1: height - bottom, x2: width, y2: height - bottom, stroke: "#d9dde3" }));
  root.append(svg("text", { x: left - 6, y: top + 10, "text-anchor": "end", class: "bar-label" }, money.format(max)));
  const step = (width - left) / Math.max(periods.length, 1);
  periods.forEach((p, index) => {
    const h = ((height - bottom - top) * p.revenue) / max;
    const x = left + index * step + step * 0.15;
    root.append(svg("rect", { x, y: height - bottom - h, width: step * 0.7, height: h, fill: "#1f5fbf" },
      svg("title", {}, `${periodLabel(p.period_start, grain)}: ${money.format(p.revenue)} from ${p.order_count} orders`)));
    if (periods.length <= 24) {
      root.append(svg("text", { x: x + step * 0.35, y: height - bottom + 14, "text-anchor": "middle", class: "bar-label" }, periodLabel(p.period_start, grain)));
    }
  });
  if (periods.length === 0) root.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "bar-label" }, "No orders or web activity."));
  $("chart").replaceChildren(root);
}

// --- count and pipeline --------------------------------------------------------------------------------

async function loadCount() {
  const audit = await api("/v1/audit/customers");
  $("count").textContent = count.format(audit.customers);
  $("audit").tBodies[0].replaceChildren(...audit.by_visibility.map((b) => el("tr", { "data-visibility": b.visibility_status },
    el("th", { scope: "row" }, b.visibility_status), el("td", { class: "num" }, count.format(b.customers)))));
  $("derivation").replaceChildren(...audit.derivation.map((line) => el("li", {}, line)));
}

function sparkline(history, pick, colour) {
  const values = history.map(pick).map((v) => (v === null || v === undefined ? 0 : v));
  const max = Math.max(1, ...values);
  const w = 300, h = 36;
  const points = values.map((v, i) => `${((i / Math.max(values.length - 1, 1)) * w).toFixed(1)},${(h - 2 - (v / max) * (h - 4)).toFixed(1)}`).join(" ");
  return svg("polyline", { points, fill: "none", stroke: colour, "stroke-width": 1.5 });
}

function freshnessText(stage) {
  if (stage.lag === null) return `${count.format(Math.round(stage.records_per_second))} records/s written`;
  if (stage.freshness_seconds === 0) return "caught up";
  if (stage.freshness_seconds !== null) return `${stage.freshness_seconds.toFixed(1)} s behind`;
  return stage.freshness_at_least_seconds !== null ? `over ${Math.round(stage.freshness_at_least_seconds)} s behind` : "no data yet";
}

async function loadPipeline() {
  try {
    const pipeline = await api("/v1/pipeline");
    $("pipeline-at").textContent = pipeline.sampled_at ? `Last look ${utc(pipeline.sampled_at)} UTC.` : "Waiting for the first look.";
    $("rejected").textContent = count.format(pipeline.rejected_records);
    $("pipeline-error").textContent = pipeline.error || "";
    $("stages").replaceChildren(...pipeline.stages.map((stage) => {
      const behind = stage.lag !== null && stage.lag > 0;
      const chart = svg("svg", { viewBox: "0 0 300 36", preserveAspectRatio: "none", role: "img", "aria-label": `${stage.name}: lag (red) and freshness (orange) over the last minutes` },
        sparkline(stage.history, (p) => p.lag, "#b3261e"), sparkline(stage.history, (p) => p.freshness_seconds, "#c0661a"));
      return el("li", { "data-stage": stage.name },
        el("div", { class: "head" }, el("span", {}, stage.name), el("span", { class: behind ? "behind" : "ok" }, freshnessText(stage))),
        el("div", { class: "small muted" },
          `lag ${stage.lag === null ? "–" : count.format(stage.lag)} · ${count.format(Math.round(stage.records_per_second))}/s · ${count.format(stage.processed)} processed`),
        chart);
    }));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      stopPipeline();
      askForKey("The key was refused; paste a valid one.");
    } else {
      $("pipeline-error").textContent = `Pipeline view: ${error.message}`;
    }
  }
}

function startPipeline() {
  stopPipeline();
  loadPipeline();
  state.pipelineTimer = setInterval(() => {
    loadPipeline();
    loadCount().catch(() => {});
  }, 2000);
}

function stopPipeline() {
  if (state.pipelineTimer) clearInterval(state.pipelineTimer);
  state.pipelineTimer = null;
}

// --- wiring --------------------------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (event) => {
    event.preventDefault();
    search($("q").value);
  });
  $("key-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (await useKey($("key").value.trim())) $("q").focus();
  });
  for (const radio of document.querySelectorAll("input[name=grain]")) {
    radio.addEventListener("change", () => {
      state.grain = radio.value;
      loadPeriods().catch(handle);
    });
  }
  document.addEventListener("keydown", (event) => {
    const typing = event.target instanceof HTMLInputElement || event.target instanceof HTMLTextAreaElement;
    if (event.key === "/" && !typing) {
      event.preventDefault();
      $("q").focus();
      $("q").select();
    }
  });
  $("profile-title").setAttribute("tabindex", "-1");
  const key = readKey();
  if (key) {
    useKey(key).then((ok) => { if (ok) $("q").focus(); });
  } else {
    askForKey();
  }
});
