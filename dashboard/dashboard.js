"use strict";
// Faultline's dashboard: polls /ui/state once a second and edits through the admin API, sending the page's token
// (the API refuses browsers otherwise). Everything is built with DOM calls and textContent: names from the API are
// never parsed as HTML.
(() => {
  const TOKEN = document.querySelector('meta[name="faultline-token"]').content;
  const POLL_MS = 1000;
  const WINDOW_MS = 60000;
  const SPARK_W = 120;
  const SPARK_H = 28;
  const views = new Map();     // proxy name → its card's nodes and state
  const history = new Map();   // proxy name → [[t, up B/s, down B/s], …] over the last WINDOW_MS
  let types = [];
  let previous = null;         // the last traffic sample, for rates
  let timer = 0;
  let pollSeq = 0;
  let renderedSeq = 0;
  // Figures the browser test reads.
  const stats = window.faultline = { polls: 0, renders: 0, firstRenderMs: null, lastRenderMs: null,
    firstRenderAt: null, proxies: 0 };

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) if (child !== null && child !== undefined && child !== false) node.append(child);
    return node;
  }

  function svg(tag, attrs) {
    const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
    for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, String(value));
    return node;
  }

  const path = (...parts) => "/" + parts.map(encodeURIComponent).join("/");

  // One call to the admin API: {ok, status, data} or {ok: false, status, error} with the API's own message.
  async function api(method, url, body) {
    const init = { method, cache: "no-store", headers: { "X-Faultline-Token": TOKEN } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (error) {
      return { ok: false, status: 0, error: "cannot reach the admin API" };
    }
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch (error) { data = null; }
    if (response.ok) return { ok: true, status: response.status, data };
    const message = data && typeof data.error === "string" ? data.error : text.trim() || response.statusText;
    return { ok: false, status: response.status, error: message };
  }

  function setStatus(text, bad) {
    const status = $("status");
    status.textContent = text;
    status.classList.toggle("bad", !!bad);
  }

  async function poll() {
    clearTimeout(timer);
    const seq = ++pollSeq;
    const started = performance.now();
    const result = await api("GET", "/ui/state");
    stats.polls++;
    // The server starts sampling traffic on the first poll after a quiet spell: ask again soon for its figures.
    const period = result.ok && result.data.sampled_ms === null ? 300 : POLL_MS;
    if (result.ok) {
      if (seq > renderedSeq) {
        renderedSeq = seq;
        render(result.data);
      }
      setStatus("Live · " + new Date().toLocaleTimeString());
    } else if (result.status === 403) {
      setStatus("Refused (" + result.error + "): the server restarted or this page is not its own. Reload.", true);
    } else {
      setStatus(result.status ? "Error " + result.status + ": " + result.error : "Disconnected; retrying…", true);
    }
    if (seq === pollSeq) timer = setTimeout(poll, Math.max(100, period - (performance.now() - started)));
  }

  // MARK: rendering

  function render(data) {
    const began = performance.now();
    const traffic = data.traffic || {};
    recordRates(traffic, data.sampled_ms);
    const container = $("proxies");
    const seen = new Set();
    let toxics = 0;
    let connections = 0;
    data.proxies.forEach((proxy, index) => {
      seen.add(proxy.name);
      let view = views.get(proxy.name);
      if (!view) {
        view = createView(proxy.name);
        views.set(proxy.name, view);
      }
      const key = JSON.stringify(proxy);
      if (view.key !== key) {
        view.key = key;
        updateView(view, proxy);
      }
      const current = container.children[index];
      if (current !== view.root) container.insertBefore(view.root, current || null);
      const counters = traffic[proxy.name];
      if (typeof data.sampled_ms === "number") updateTraffic(view, counters);
      toxics += proxy.toxics.length;
      connections += counters ? counters.connections : 0;
    });
    for (const [name, view] of views) {
      if (seen.has(name)) continue;
      view.root.remove();
      views.delete(name);
      history.delete(name);
    }
    $("empty").hidden = data.proxies.length > 0;
    const count = data.proxies.length;
    const plural = (n, one, many) => n + " " + (n === 1 ? one : many);
    $("summary").textContent = plural(count, "proxy", "proxies") + " · " + plural(toxics, "toxic", "toxics") + " · " +
      plural(connections, "connection", "connections");
    const built = performance.now();
    void container.offsetHeight;  // lay out now, so the time below includes it
    const elapsed = performance.now() - began;
    stats.renders++;
    stats.lastRenderMs = elapsed;
    stats.proxies = count;
    if (stats.firstRenderMs === null && count > 0) {
      stats.firstRenderMs = elapsed;
      stats.firstBuildMs = built - began;
      stats.firstRenderAt = performance.now();
    }
  }

  function createView(name) {
    const view = { name, key: null, proxy: null, form: null };
    view.nameCell = el("div", { class: "name" });
    view.addr = el("div", { class: "addr" });
    view.toggle = el("input", { type: "checkbox", class: "enabled", "aria-label": "enabled: " + name });
    view.toggle.addEventListener("change", () => toggle(view));
    view.conns = el("div", { class: "conns", text: "—" });
    view.spark = svg("svg", { class: "spark", viewBox: "0 0 " + SPARK_W + " " + (SPARK_H + 2),
      preserveAspectRatio: "none", role: "img" });
    view.spark.append(svg("line", { class: "base", x1: 0, y1: SPARK_H + 1, x2: SPARK_W, y2: SPARK_H + 1 }));
    view.upLine = svg("polyline", { class: "up", points: "" });
    view.downLine = svg("polyline", { class: "down", points: "" });
    view.spark.append(view.upLine, view.downLine);
    view.rates = el("div", { class: "rates" });
    view.toxics = el("ul", { class: "toxics" });
    view.error = el("p", { class: "form-error", role: "alert" });
    view.removeAll = el("button", { type: "button", class: "remove-all danger", text: "Remove all toxics",
      onclick: () => removeAll(view) });
    view.add = el("button", { type: "button", class: "add-toxic", text: "Add toxic",
      onclick: () => openForm(view, null) });
    view.formSlot = el("div");
    view.root = el("section", { class: "proxy", "data-proxy": name },
      el("div", { class: "head" }, view.nameCell, view.addr,
        el("label", { class: "switch" }, view.toggle, el("span", { text: "enabled" })),
        view.conns, view.spark, view.rates, el("div", { class: "actions" }, view.add, view.removeAll)),
      view.toxics, view.error, view.formSlot);
    return view;
  }

  function updateView(view, proxy) {
    view.proxy = proxy;
    const kind = proxy.kind || "tcp";
    view.nameCell.replaceChildren(document.createTextNode(proxy.name), el("span", { class: "kind", text: kind }));
    view.addr.textContent = proxy.listen + " → " + (proxy.upstream || "(static records)");
    view.toggle.checked = proxy.enabled;
    view.root.classList.toggle("disabled", !proxy.enabled);
    view.removeAll.disabled = proxy.toxics.length === 0;
    view.toxics.replaceChildren(...proxy.toxics.map((toxic) => toxicRow(view, toxic)));
    if (view.form && view.form.toxic && !proxy.toxics.some((t) => t.name === view.form.toxic)) closeForm(view);
  }

  function toxicRow(view, toxic) {
    const type = typeFor(view.proxy, toxic.type);
    const meta = [toxic.type];
    if (!type || type.uses_stream) meta.push(toxic.stream);
    if (toxic.toxicity !== 1) meta.push("toxicity " + toxic.toxicity);
    // The first two attributes always (they are what a type is about), the rest when set away from the default.
    const described = new Map((type ? type.attributes : []).map((attribute, index) => [attribute.name,
      { index, fallback: JSON.stringify(attribute.default) }]));
    const attrs = Object.entries(toxic.attributes || {})
      .filter(([key, value]) => {
        const known = described.get(key);
        if (isEmpty(value)) return false;
        return !known || known.index < 2 || JSON.stringify(value) !== known.fallback;
      })
      .map(([key, value]) => key + "=" + (typeof value === "string" ? value : JSON.stringify(value)))
      .join(" ");
    return el("li", { class: "toxic", "data-toxic": toxic.name },
      el("span", { class: "tname", text: toxic.name }), el("span", { class: "meta", text: meta.join(" · ") }),
      el("span", { class: "attrs", text: attrs }),
      el("button", { type: "button", class: "link edit", text: "Edit", onclick: () => openForm(view, toxic) }),
      el("button", { type: "button", class: "link remove danger", text: "Remove",
        onclick: () => removeToxic(view, toxic.name) }));
  }

  const isEmpty = (value) => value === "" || value === null ||
    (Array.isArray(value) && value.length === 0) || (typeof value === "object" && Object.keys(value).length === 0);

  // MARK: traffic

  function recordRates(traffic, sampled) {
    if (typeof sampled !== "number") return;
    if (previous && sampled > previous.at) {
      const seconds = (sampled - previous.at) / 1000;
      for (const [name, now] of Object.entries(traffic)) {
        const before = previous.traffic[name];
        if (!before) continue;
        const rate = (dir) => Math.max(0, now[dir].sent - before[dir].sent) / seconds;
        const points = history.get(name) || [];
        points.push([sampled, rate("upstream"), rate("downstream")]);
        while (points.length && points[0][0] < sampled - WINDOW_MS) points.shift();
        history.set(name, points);
      }
    }
    if (!previous || sampled > previous.at) previous = { at: sampled, traffic };
  }

  function updateTraffic(view, counters) {
    if (!counters) {
      view.conns.textContent = "—";
      view.rates.textContent = "";
      return;
    }
    view.conns.replaceChildren(el("b", { text: String(counters.connections) }), " conn");
    const points = history.get(view.name) || [];
    const last = points[points.length - 1];
    view.rates.replaceChildren(el("span", { class: "up", text: "▲ " + rate(last ? last[1] : 0) }), " ",
      el("span", { class: "down", text: "▼ " + rate(last ? last[2] : 0) }));
    if (!last) return;
    const end = last[0];
    let top = 1000;
    for (const point of points) top = Math.max(top, point[1], point[2]);
    const line = (index) => points.map((point) => {
      const x = SPARK_W - ((end - point[0]) / WINDOW_MS) * SPARK_W;
      const y = 1 + SPARK_H - (point[index] / top) * SPARK_H;
      return x.toFixed(1) + "," + y.toFixed(1);
    }).join(" ");
    view.upLine.setAttribute("points", line(1));
    view.downLine.setAttribute("points", line(2));
    view.spark.setAttribute("aria-label", "last 60 s, peak " + rate(top));
  }

  function rate(bytesPerSecond) {
    const units = ["B/s", "KB/s", "MB/s", "GB/s"];
    let value = bytesPerSecond;
    let unit = 0;
    while (value >= 1000 && unit < units.length - 1) {
      value /= 1000;
      unit++;
    }
    return (unit === 0 ? Math.round(value) : value.toFixed(value < 10 ? 1 : 0)) + " " + units[unit];
  }

  // MARK: actions

  function confirmAction(text) {
    const dialog = $("confirm");
    $("confirm-text").textContent = text;
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
      dialog.returnValue = "";
      dialog.showModal();
    });
  }

  async function toggle(view) {
    const enabled = view.toggle.checked;
    const result = await api("POST", path("proxies", view.name), { enabled });
    view.error.textContent = result.ok ? "" : "Could not " + (enabled ? "enable" : "disable") + ": " + result.error;
    if (!result.ok) view.toggle.checked = !enabled;
    poll();
  }

  async function removeToxic(view, name) {
    const result = await api("DELETE", path("proxies", view.name, "toxics", name));
    view.error.textContent = result.ok ? "" : "Could not remove " + name + ": " + result.error;
    poll();
  }

  async function removeAll(view) {
    const names = (view.proxy ? view.proxy.toxics : []).map((toxic) => toxic.name);
    if (!names.length) return;
    const plural = names.length === 1 ? "its toxic" : "all " + names.length + " toxics";
    if (!(await confirmAction("Remove " + plural + " from proxy " + view.name + "?"))) return;
    view.error.textContent = "";
    for (const name of names) {
      const result = await api("DELETE", path("proxies", view.name, "toxics", name));
      if (!result.ok && result.status !== 404) {
        view.error.textContent = "Could not remove " + name + ": " + result.error;
        break;
      }
    }
    poll();
  }

  $("reset").addEventListener("click", async () => {
    if (!(await confirmAction("Reset: enable every proxy and remove every toxic?"))) return;
    const result = await api("POST", "/reset");
    setStatus(result.ok ? "Reset done" : "Reset failed: " + result.error, !result.ok);
    poll();
  });

  // MARK: the toxic form, built from GET /toxic-types

  const typeFor = (proxy, name) => typesFor(proxy).find((type) => type.type === name);
  const typesFor = (proxy) => types.filter((type) => type.proxy_kinds.includes((proxy && proxy.kind) || "tcp"));

  function closeForm(view) {
    if (view.form) view.form.node.remove();
    view.form = null;
  }

  function openForm(view, toxic) {
    closeForm(view);
    const choices = typesFor(view.proxy);
    if (!choices.length) {
      view.error.textContent = "No toxic types are known for this proxy's kind.";
      return;
    }
    const node = el("form", { class: "toxic-form", novalidate: true });
    const form = { node, toxic: toxic ? toxic.name : null, fields: new Map() };
    view.form = form;
    const title = toxic ? "Edit " + toxic.name : "Add a toxic to " + view.name;
    const typeSelect = el("select", { name: "type", disabled: !!toxic });
    for (const type of choices) typeSelect.append(el("option", { value: type.type, text: type.type }));
    typeSelect.value = toxic ? toxic.type : (choices.some((t) => t.type === "latency") ? "latency" : choices[0].type);
    const nameInput = el("input", { name: "name", disabled: !!toxic, placeholder: "<type>_<stream>" });
    if (toxic) nameInput.value = toxic.name;
    const streamSelect = el("select", { name: "stream", disabled: !!toxic },
      el("option", { value: "downstream", text: "downstream (server → client)" }),
      el("option", { value: "upstream", text: "upstream (client → server)" }));
    streamSelect.value = toxic ? toxic.stream.toLowerCase() : "downstream";
    const toxicity = el("input", { name: "toxicity", type: "number", step: "any", min: 0, max: 1 });
    toxicity.value = toxic ? String(toxic.toxicity) : "1";
    const streamLabel = el("label", {}, "stream", streamSelect);
    const typeHelp = el("p", { class: "type-help" });
    const formError = el("p", { class: "form-error", role: "alert" });
    node.append(el("p", { class: "form-title", text: title }), el("label", {}, "type", typeSelect), typeHelp,
      el("label", {}, "name", nameInput), streamLabel,
      el("label", {}, "toxicity (0–1)", toxicity, el("span", { class: "hint", text: "chance per connection" })));
    const attributeNodes = [];
    const buildAttributes = () => {
      for (const old of attributeNodes.splice(0)) old.remove();
      form.fields.clear();
      const type = choices.find((t) => t.type === typeSelect.value);
      typeHelp.textContent = type ? type.help : "";
      streamLabel.hidden = !type || !type.uses_stream;
      for (const attribute of type ? type.attributes : []) {
        const current = toxic && toxic.attributes ? toxic.attributes[attribute.name] : undefined;
        const field = attributeField(attribute, current === undefined ? attribute.default : current);
        form.fields.set(attribute.name, field);
        attributeNodes.push(field.label);
        node.insertBefore(field.label, formError);
      }
    };
    const submit = el("button", { type: "submit", class: "primary", text: toxic ? "Save" : "Add" });
    node.append(formError, el("p", { class: "buttons" }, submit,
      el("button", { type: "button", text: "Cancel", onclick: () => closeForm(view) })));
    typeSelect.addEventListener("change", buildAttributes);
    buildAttributes();
    node.addEventListener("submit", async (event) => {
      event.preventDefault();
      for (const field of form.fields.values()) field.setError("");
      toxicity.classList.remove("invalid");
      formError.textContent = "";
      const attributes = {};
      for (const [name, field] of form.fields) {
        const value = field.read();
        if (value !== undefined) attributes[name] = value;
      }
      const body = { toxicity: toxicity.value === "" ? 1 : Number(toxicity.value), attributes };
      let result;
      submit.disabled = true;
      if (toxic) {
        result = await api("PATCH", path("proxies", view.name, "toxics", toxic.name), body);
      } else {
        body.type = typeSelect.value;
        body.stream = streamSelect.value;
        if (nameInput.value.trim()) body.name = nameInput.value.trim();
        result = await api("POST", path("proxies", view.name, "toxics"), body);
      }
      submit.disabled = false;
      if (result.ok) {
        closeForm(view);
        poll();
        return;
      }
      formError.textContent = result.error;
      const named = /attributes\.([A-Za-z0-9_]+)/.exec(result.error);
      const field = named && form.fields.get(named[1]);
      if (field) field.setError(result.error);
      else if (/toxicity/.test(result.error)) toxicity.classList.add("invalid");
    });
    view.formSlot.append(node);
    (toxic ? toxicity : typeSelect).focus();
  }

  // One input for one attribute, by its described type; read() gives the JSON value (undefined: leave it out).
  function attributeField(attribute, value) {
    let input;
    let read;
    const hints = [];
    if (attribute.unit) hints.push(attribute.unit);
    if (attribute.min !== undefined || attribute.max !== undefined) {
      hints.push((attribute.min !== undefined ? attribute.min : "…") + "–" +
        (attribute.max !== undefined ? attribute.max : "…"));
    }
    const name = "attr:" + attribute.name;
    if (attribute.enum && attribute.enum.length) {
      input = el("select", { name });
      // A nullable choice (latency's distribution) is unset until picked: "" stands for null.
      const choices = attribute.nullable ? ["", ...attribute.enum] : attribute.enum;
      const options = choices.includes(value) || value === null ? choices : [value, ...choices];
      for (const choice of options) {
        const blank = attribute.nullable ? "(none)" : "(default)";
        input.append(el("option", { value: choice, text: choice === "" ? blank : choice }));
      }
      input.value = value === null || value === undefined ? "" : value;
      read = () => (attribute.nullable && input.value === "" ? null : input.value);
    } else if (attribute.type === "boolean") {
      input = el("input", { type: "checkbox", name });
      input.checked = value === true;
      read = () => input.checked;
    } else if (attribute.type === "integer" || attribute.type === "number") {
      input = el("input", { type: "number", name, step: attribute.type === "integer" ? "1" : "any" });
      input.value = value === null || value === undefined ? "" : String(value);
      if (attribute.nullable) hints.push("empty: none");
      read = () => {
        const text = input.value.trim();
        if (text === "") return attribute.nullable ? null : undefined;
        return Number(text);
      };
    } else if (attribute.type === "strings") {
      input = el("input", { name, placeholder: "comma-separated" });
      input.value = Array.isArray(value) ? value.join(", ") : "";
      read = () => input.value.split(",").map((part) => part.trim()).filter((part) => part !== "");
    } else if (attribute.type === "headers") {
      input = el("textarea", { name, placeholder: "Name: value (one per line)" });
      input.value = Object.entries(value || {}).map(([key, text]) => key + ": " + text).join("\n");
      read = () => {
        const object = {};
        for (const line of input.value.split("\n")) {
          const colon = line.indexOf(":");
          if (line.trim() === "") continue;
          if (colon < 0) object[line.trim()] = "";
          else object[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
        }
        return object;
      };
    } else {
      input = el("input", { name });
      input.value = value === null || value === undefined ? "" : String(value);
      read = () => input.value;
    }
    input.title = attribute.help;
    const error = el("span", { class: "field-error" });
    const hint = el("span", { class: "hint", text: [hints.join(" · "), attribute.help].filter(Boolean).join(" — ") });
    const label = attribute.type === "boolean"
      ? el("label", { class: "check" }, input, attribute.name, hint, error)
      : el("label", {}, attribute.name, input, hint, error);
    return {
      label, read,
      setError(message) {
        error.textContent = message;
        input.classList.toggle("invalid", !!message);
      },
    };
  }

  // MARK: start

  (async () => {
    const result = await api("GET", "/toxic-types");
    if (result.ok && result.data && Array.isArray(result.data.types)) types = result.data.types;
    else setStatus("Cannot load toxic types: " + (result.error || "bad answer"), true);
    poll();
  })();
})();
