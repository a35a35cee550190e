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
    const [customer, merges, orders, explanation] = await Promise.all([api(path), api(`${path}/merges`), api(`${path}/orders`), api(`${path}/explain`)]);
    state.customer = customer;
    renderProfile(customer);
    renderGraph(customer, merges, explanation);
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

// The identifiers around a ring, the survivor's at the top and the others in the order the records reach them
// from it (so a chain's steps are short chords); identifiers no record reaches come last.
function ringOrder(identifiers, explanation) {
  const names = identifiers.map((i) => i.identifier);
  const known = new Set(names);
  const next = new Map(names.map((n) => [n, []]));
  for (const r of explanation.records) {
    if (known.has(r.from) && known.has(r.to)) {
      next.get(r.from).push(r.to);
      next.get(r.to).push(r.from);
    }
  }
  const order = [];
  const seen = new Set();
  const walk = (start) => {
    const queue = [start];
    seen.add(start);
    while (queue.length) {
      const at = queue.shift();
      order.push(at);
      for (const to of [...next.get(at)].sort()) {
        if (!seen.has(to)) { seen.add(to); queue.push(to); }
      }
    }
  };
  const survivor = explanation.survivor.identifier;
  if (survivor && known.has(survivor)) walk(survivor);
  for (const name of names) if (!seen.has(name) && next.get(name).length) walk(name);
  for (const name of names) if (!seen.has(name)) order.push(name);
  return order;
}

// Identifiers are the nodes; every record identity kept as evidence is an edge between the two identifiers it
// linked (solid: two strong identifiers; dashed: a login that tied a device or cookie), titled with its source,
// position and time. Customer360 IDs sit outside the identifier that derives them (the customer's own beside its
// survivor), dotted; announced merges tie IDs to their survivors.
function renderGraph(customer, merges, explanation) {
  const width = 760, height = 480, cx = width / 2, cy = height / 2 + 12;
  const byName = new Map(customer.identifiers.map((i) => [i.identifier, i]));
  const order = ringOrder(customer.identifiers, explanation);
  const root = svg("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", "aria-labelledby": "graph-title" });
  const edges = svg("g"), labels = svg("g"), nodes = svg("g");
  root.append(edges, labels, nodes);
  const position = new Map();
  const ring = Math.min(160, 70 + order.length * 14);
  order.forEach((name, index) => {
    const angle = (2 * Math.PI * index) / Math.max(order.length, 1) - Math.PI / 2;
    position.set(name, [cx + ring * 1.6 * Math.cos(angle), cy + ring * Math.sin(angle)]);
  });
  const outside = (identifier, id) => {
    const [x, y] = position.get(identifier) || [cx, cy];
    const dx = x - cx, dy = y - cy, length = Math.hypot(dx, dy) || 1;
    position.set(id, [x + (dx / length) * 70, y + (dy / length) * 48]);
  };
  const survivor = explanation.survivor.identifier;
  if (survivor && position.has(survivor)) outside(survivor, customer.customer_id);
  else position.set(customer.customer_id, [cx, cy]);
  merges.aliases.forEach((alias) => outside(alias.identifier, alias.alias_id));
  merges.merges.forEach((merge, index) => {
    // An ID no identifier derives (an anonymous profile's): along the bottom, clear of the edges.
    if (!position.has(merge.merged_id)) position.set(merge.merged_id, [120 + ((index * 200) % (width - 240)), height - 14]);
  });

  const STYLE = {
    strong: ["#1f5fbf", 2, "none"], weak: ["#c0661a", 1.5, "6 4"], derives: ["#6b4fa3", 1.5, "2 4"],
    merge: ["#6b4fa3", 1.5, "8 3 2 3"], unlinked: ["#9aa1ab", 1, "1 4"],
  };
  const pairs = new Map();
  const edge = (from, to, kind, title, data) => {
    const a = position.get(from), b = position.get(to);
    if (!a || !b) return;
    // Several records between the same two identifiers bend apart instead of lying on each other.
    const pair = [from, to].sort().join("\u0000");
    const nth = pairs.get(pair) || 0;
    pairs.set(pair, nth + 1);
    const bend = nth === 0 ? 0 : (nth % 2 ? 1 : -1) * Math.ceil(nth / 2) * 26;
    const [mx, my] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    const length = Math.hypot(b[0] - a[0], b[1] - a[1]) || 1;
    const [qx, qy] = [mx - ((b[1] - a[1]) / length) * bend * 2, my + ((b[0] - a[0]) / length) * bend * 2];
    const [stroke, strokeWidth, dash] = STYLE[kind];
    edges.append(svg("path", { d: `M ${a[0]} ${a[1]} Q ${qx} ${qy} ${b[0]} ${b[1]}`, fill: "none", class: `edge ${kind}`, stroke,
      "stroke-width": strokeWidth, "stroke-dasharray": dash, ...data }, svg("title", {}, title)));
    // The point at t along the curve, for the edge's label.
    return (t) => [(1 - t) ** 2 * a[0] + 2 * (1 - t) * t * qx + t ** 2 * b[0], (1 - t) ** 2 * a[1] + 2 * (1 - t) * t * qy + t ** 2 * b[1]];
  };
  // A label goes mid-edge, or nearer an end where it would cover another label.
  const placed = [];
  const label = (along, text) => {
    const w = text.length * 5.6 + 6, h = 13;
    const free = (x, y) => placed.every((p) => Math.abs(p[0] - x) * 2 >= w + p[2] || Math.abs(p[1] - y) >= h);
    const [x, y] = [0.5, 0.36, 0.64, 0.26, 0.74].map(along).find(([px, py]) => free(px, py)) || along(0.5);
    placed.push([x, y, w]);
    labels.append(svg("text", { x, y: y - 3, "text-anchor": "middle", class: "edge-label" }, text));
  };

  const linked = new Set();
  for (const r of explanation.records) {
    const kind = byName.get(r.from)?.is_strong && byName.get(r.to)?.is_strong ? "strong" : "weak";
    const along = edge(r.from, r.to, kind, `${r.from} — ${r.to}: record ${r.source_ref || "?"} from ${r.source_system || "?"} at ${utc(r.record_ts)} UTC`,
      { "data-from": r.from, "data-to": r.to, "data-ref": r.source_ref || "", "data-source": r.source_system || "" });
    if (!along) continue;
    linked.add(r.from).add(r.to);
    label(along, r.source_ref || r.source_system || "?");
  }
  const why = new Map(explanation.weak_identifiers.map((w) => [w.identifier, w.why]));
  order.filter((name) => !linked.has(name) && name !== survivor).forEach((name) => edge(name, customer.customer_id, "unlinked",
    `${name} → ${customer.customer_id}: no record linking it is kept${why.has(name) ? ` (${why.get(name)})` : " (its link was projected before identity recorded evidence)"}`, {}));
  if (survivor) edge(survivor, customer.customer_id, "derives", `${survivor} derives the customer's ID ${customer.customer_id} (${explanation.survivor.rule})`, {});
  merges.aliases.forEach((a) => edge(a.identifier, a.alias_id, "derives", `${a.identifier} derives the old ID ${a.alias_id}`, {}));
  merges.merges.forEach((m) => edge(m.merged_id, m.survivor_id, "merge", `${m.merged_id} merged into ${m.survivor_id} (${m.reason}, ${utc(m.merged_at)})`, {}));

  const extents = [];
  const node = (id, caption, kind) => {
    const [x, y] = position.get(id);
    const fill = kind === "customer" ? "#1d2330" : kind === "strong" ? "#1f5fbf" : kind === "weak" ? "#fff" : "#f1ecfa";
    const stroke = kind === "weak" ? "#c0661a" : kind === "alias" ? "#6b4fa3" : "#1d2330";
    // Labels point away from the middle: an ID beside its identifier on the left or right is labelled on its outer
    // side, clear of the identifier's own label; the others above or below.
    const side = (kind === "customer" || kind === "alias") && Math.abs(x - cx) > 60 ? Math.sign(x - cx) : 0;
    const text = side !== 0
      ? { x: x + side * 12, y: y + 4, "text-anchor": side > 0 ? "start" : "end" }
      : { x, y: y >= cy - 1 ? y + 21 : y - 13, "text-anchor": "middle" };
    const w = caption.length * 6.2;
    const x0 = side > 0 ? text.x : side < 0 ? text.x - w : x - w / 2;
    extents.push([Math.min(x0, x - 12), Math.max(x0 + w, x + 12), Math.min(text.y - 12, y - 12), Math.max(text.y + 4, y + 12)]);
    nodes.append(svg("g", { class: `node ${kind}`, "data-node": id },
      svg("circle", { cx: x, cy: y, r: kind === "customer" ? 10 : 7, fill, stroke, "stroke-width": 2 }),
      svg("text", text, caption),
      svg("title", {}, id)));
  };
  order.forEach((name) => node(name, name.length > 34 ? `${name.slice(0, 32)}…` : name, byName.get(name).is_strong ? "strong" : "weak"));
  node(customer.customer_id, customer.customer_id, "customer");
  for (const id of new Set([...merges.aliases.map((a) => a.alias_id), ...merges.merges.map((m) => m.merged_id)])) {
    if (id !== customer.customer_id) node(id, id, "alias");
  }
  // As large as what is drawn, labels included: a customer with few identifiers gets a short graph, and a label
  // beside a node at the edge is not cut off.
  const left = Math.min(0, ...extents.map((e) => e[0] - 8)), right = Math.max(width, ...extents.map((e) => e[1] + 8));
  const top = Math.min(...extents.map((e) => e[2])) - 10, bottom = Math.max(...extents.map((e) => e[3])) + 10;
  root.setAttribute("viewBox", `${left} ${top} ${right - left} ${bottom - top}`);
  $("graph").replaceChildren(root);

  $("survivor").textContent = `Survivor: ${explanation.survivor.rule}`;
  const rows = explanation.records.map((r) => el("tr", { "data-from": r.from, "data-to": r.to },
    el("td", {}, r.from), el("td", {}, r.to), el("td", {}, r.source_system || "–"), el("td", {}, r.source_ref || "–"), el("td", {}, utc(r.record_ts))));
  if (rows.length === 0) rows.push(el("tr", {}, el("td", { colspan: 5, class: "muted" }, "No record linking two of these identifiers is kept.")));
  $("links").tBodies[0].replaceChildren(...rows);
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
          `lag ${stage.lag === null ? "–" : count.format(stage.lag)} · ${count.format(Math.round(stage.records_per_second))}/s · ${count.format(stage.processed)} processed`,
          stage.dead_lettered === null ? "" : el("span", { class: stage.dead_lettered > 0 ? "dead" : null, "data-dead-lettered": stage.dead_lettered },
            ` · ${count.format(stage.dead_lettered)} dead-lettered`)),
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
