#!/usr/bin/env python3
"""The dashboard in a real browser: Debian's headless Chromium driven by Selenium against a real `faultline serve`.

Checks, in order: the page's weight; the toxic form (an inline 400 from the API, add, edit, remove), the enabled
toggle, "remove all toxics" and reset with their confirmations, each checked through the API; 50 proxies with toxics
rendered within 200 ms; a page on another origin that posts to the API (a form, a no-cors fetch, a fetch with a
guessed token) and is refused with 403; a DNS-rebinding page (`Host: evil.example:PORT`, mapped to 127.0.0.1 inside
the browser) refused with 403 for the page and for API calls even with the real token; and an experiment report
rendered by `faultline experiment run --html`. Screenshots of the dashboard and of the report are saved under
.build/browser/ (or docs/dashboard.png and docs/report.png with FAULTLINE_SCREENSHOTS=docs).

Usage: python3 Tests/browser/dashboard_browser_test.py [path/to/faultline]
Needs: apt-get install chromium chromium-driver; pip install selenium. Prints `N passed, N failed` last.
"""
import json
import os
import subprocess
import sys
import tempfile
import time

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import browser_support as support  # noqa: E402
from browser_support import expect, wait_until  # noqa: E402

PAGE_LIMIT = 100 * 1024
RENDER_LIMIT_MS = 200
FIGURES = {}


def css(driver, selector, timeout=10):
    """The first element matching `selector`, waiting for it to exist."""
    return WebDriverWait(driver, timeout).until(lambda d: d.find_element(By.CSS_SELECTOR, selector))


def gone(driver, selector, timeout=10):
    WebDriverWait(driver, timeout).until(lambda d: not d.find_elements(By.CSS_SELECTOR, selector))


def fill(element, text):
    element.clear()
    element.send_keys(text)


def confirm_dialog(driver):
    css(driver, "dialog#confirm[open]")
    driver.find_element(By.ID, "confirm-ok").click()


# ---------- the checks ----------

def page_weight(ctx):
    status, headers, body = ctx.server.raw("GET", "/ui")
    expect(status == 200, "GET /ui: %d" % status)
    expect(len(body) <= PAGE_LIMIT, "the page weighs %d bytes (limit %d)" % (len(body), PAGE_LIMIT))
    expect(b"http" not in body.split(b"<body>")[0].replace(b"http-equiv", b""), "the head refers to nothing outside")
    _, _, types = ctx.server.raw("GET", "/toxic-types")
    FIGURES["page_bytes"] = len(body)
    FIGURES["toxic_types_bytes"] = len(types)
    policy = headers.get("content-security-policy", "")
    expect("script-src 'sha256-" in policy and "frame-ancestors 'none'" in policy, "CSP: %r" % policy)


def toxic_form(ctx):
    driver, api = ctx.driver, ctx.server
    driver.get(ctx.server.url("/ui"))
    card = 'section.proxy[data-proxy="web"]'
    css(driver, card + " button.add-toxic").click()
    form = card + " form.toxic-form"
    Select(css(driver, form + ' select[name="type"]')).select_by_value("latency")
    fill(css(driver, form + ' input[name="attr:latency"]'), "1.5")
    driver.find_element(By.CSS_SELECTOR, form + ' button[type="submit"]').click()
    # The API's own 400, shown beside the field it names.
    WebDriverWait(driver, 10).until(
        lambda d: "attributes.latency" in d.find_element(By.CSS_SELECTOR, form + " .form-error").text)
    latency = driver.find_element(By.CSS_SELECTOR, form + ' input[name="attr:latency"]')
    expect("invalid" in latency.get_attribute("class"), "the latency field is marked invalid")
    expect(api.json("GET", "/proxies/web/toxics") == [], "the refused toxic was not added")
    fill(latency, "250")
    fill(driver.find_element(By.CSS_SELECTOR, form + ' input[name="attr:jitter"]'), "10")
    driver.find_element(By.CSS_SELECTOR, form + ' button[type="submit"]').click()
    css(driver, card + ' li.toxic[data-toxic="latency_downstream"]')
    toxics = api.json("GET", "/proxies/web/toxics")
    expect(len(toxics) == 1 and toxics[0]["attributes"] == {"latency": 250, "jitter": 10}
           and toxics[0]["stream"] == "downstream", "the API has the toxic: %r" % toxics)
    # Edit it.
    css(driver, card + ' li.toxic[data-toxic="latency_downstream"] button.edit').click()
    fill(css(driver, form + ' input[name="attr:latency"]'), "300")
    driver.find_element(By.CSS_SELECTOR, form + ' button[type="submit"]').click()
    wait_until(lambda: api.json("GET", "/proxies/web/toxics/latency_downstream")["attributes"]["latency"] == 300,
               "the edit reaches the API")
    gone(driver, form)
    # Remove it.
    css(driver, card + ' li.toxic[data-toxic="latency_downstream"] button.remove').click()
    gone(driver, card + ' li.toxic[data-toxic="latency_downstream"]')
    expect(api.json("GET", "/proxies/web/toxics") == [], "the API no longer has it")


def toggle_proxy(ctx):
    driver, api = ctx.driver, ctx.server
    switch = css(driver, 'section.proxy[data-proxy="web"] input.enabled')
    switch.click()
    wait_until(lambda: api.json("GET", "/proxies/web")["enabled"] is False, "the proxy is disabled")
    css(driver, 'section.proxy.disabled[data-proxy="web"]')
    css(driver, 'section.proxy[data-proxy="web"] input.enabled').click()
    wait_until(lambda: api.json("GET", "/proxies/web")["enabled"] is True, "the proxy is enabled again")


def remove_all_and_reset(ctx):
    driver, api = ctx.driver, ctx.server
    for name in ("a", "b"):
        api.json("POST", "/proxies/web/toxics", {"name": name, "type": "latency", "attributes": {"latency": 5}})
    css(driver, 'section.proxy[data-proxy="web"] li.toxic[data-toxic="b"]')
    css(driver, 'section.proxy[data-proxy="web"] button.remove-all').click()
    driver.find_element(By.ID, "confirm-cancel").click()  # a cancelled confirmation changes nothing
    expect(len(api.json("GET", "/proxies/web/toxics")) == 2, "cancel kept the toxics")
    css(driver, 'section.proxy[data-proxy="web"] button.remove-all').click()
    confirm_dialog(driver)
    wait_until(lambda: api.json("GET", "/proxies/web/toxics") == [], "every toxic of web is removed")
    api.json("POST", "/proxies/web/toxics", {"type": "bandwidth", "attributes": {"rate": 100}})
    api.json("POST", "/proxies/idle", {"enabled": False})
    css(driver, 'section.proxy.disabled[data-proxy="idle"]')
    driver.find_element(By.ID, "reset").click()
    confirm_dialog(driver)
    wait_until(lambda: api.json("GET", "/proxies/web/toxics") == [] and api.json("GET", "/proxies/idle")["enabled"],
               "reset removed the toxic and enabled idle")


def fifty_proxies(ctx):
    driver, api = ctx.driver, ctx.server
    entries = [{"name": "p%02d" % i, "listen": "127.0.0.1:0", "upstream": "127.0.0.1:9",
                "toxics": [{"type": "latency", "attributes": {"latency": i, "jitter": 1}},
                           {"type": "bandwidth", "stream": "upstream", "attributes": {"rate": 1000 + i}}]}
               for i in range(50)]
    api.json("POST", "/populate", entries)
    driver.get(api.url("/ui"))
    stats = WebDriverWait(driver, 15).until(lambda d: d.execute_script(
        "const s = window.faultline; return s && s.firstRenderMs !== null && s.proxies >= 50 ? s : null"))
    FIGURES["render_ms_50_proxies"] = round(stats["firstRenderMs"], 1)
    FIGURES["render_ms_50_proxies_dom"] = round(stats["firstBuildMs"], 1)
    FIGURES["navigation_to_render_ms_50_proxies"] = round(stats["firstRenderAt"], 1)
    rows = driver.find_elements(By.CSS_SELECTOR, "section.proxy li.toxic")
    expect(len(rows) >= 100, "100 toxic rows drawn (%d)" % len(rows))
    expect(stats["firstRenderMs"] <= RENDER_LIMIT_MS,
           "50 proxies rendered in %.1f ms (limit %d)" % (stats["firstRenderMs"], RENDER_LIMIT_MS))
    # Cards off screen are laid out when scrolled to (content-visibility); laying out every one costs this much more.
    FIGURES["layout_ms_all_50_cards"] = round(driver.execute_script("""
        const began = performance.now();
        for (const card of document.querySelectorAll("section.proxy")) card.style.contentVisibility = "visible";
        void document.body.offsetHeight;
        return performance.now() - began;"""), 1)
    # Later renders (every poll) must stay cheap too.
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return window.faultline.renders >= 3"))
    FIGURES["render_ms_50_proxies_update"] = round(driver.execute_script("return window.faultline.lastRenderMs"), 1)
    for entry in entries:
        api.raw("DELETE", "/proxies/" + entry["name"])


def cross_origin(ctx):
    driver, api = ctx.driver, ctx.server
    api.json("POST", "/proxies/web/toxics", {"name": "keep", "type": "latency", "attributes": {"latency": 1}})
    api.json("POST", "/proxies/idle", {"enabled": False})
    attacker = support.StaticServer({"/attack.html": support.attack_page(api.port)})
    try:
        driver.get_log("performance")  # drop what earlier checks logged
        driver.get("http://127.0.0.1:%d/attack.html" % attacker.port)
        results = WebDriverWait(driver, 15).until(lambda d: d.execute_script("return window.attack || null"))
        refused = {}

        def answered():
            refused.update(support.statuses(driver, api.port))
            return ("POST", "/reset") in refused and ("POST", "/proxies/web/toxics") in refused

        wait_until(answered, "the form post and the fetch reached the API", timeout=10)
    finally:
        attacker.stop()
    FIGURES["cross_origin"] = {"page": results, "api_statuses": {" ".join(k): v for k, v in refused.items()}}
    expect(refused.get(("POST", "/reset")) == 403, "the cross-site form post got %r" % refused.get(("POST", "/reset")))
    expect(refused.get(("POST", "/proxies/web/toxics")) == 403, "the no-cors fetch got %r"
           % refused.get(("POST", "/proxies/web/toxics")))
    expect(results["read"] == "blocked", "another origin cannot read /ui: %r" % results["read"])
    expect(results["preflight"] == "blocked", "a guessed-token request is blocked: %r" % results["preflight"])
    names = [t["name"] for t in api.json("GET", "/proxies/web/toxics")]
    expect(names == ["keep"], "the API is unchanged (toxics %r)" % names)
    expect(api.json("GET", "/proxies/idle")["enabled"] is False, "reset did not run")


def rebinding(ctx):
    driver, api = ctx.driver, ctx.server
    token = api.token()
    driver.get("http://evil.example:%d/ui" % api.port)
    body = driver.find_element(By.TAG_NAME, "body").text
    expect("Host not allowed" in body, "the page is refused to a rebound name: %r" % body[:80])
    expect(not driver.find_elements(By.CSS_SELECTOR, 'meta[name="faultline-token"]'), "no token on the page")
    # From that origin, as a rebinding script would: same-origin for the browser, so no preflight, even with the
    # real token (as if stolen some other way).
    results = driver.execute_async_script(support.REBINDING_SCRIPT, token)
    FIGURES["rebinding"] = results
    for call, status in results.items():
        expect(status == 403, "%s from evil.example got %r" % (call, status))
    names = [t["name"] for t in api.json("GET", "/proxies/web/toxics")]
    expect(names == ["keep"], "the API is unchanged (toxics %r)" % names)
    api.raw("POST", "/reset")


def dashboard_screenshot(ctx):
    driver, api = ctx.driver, ctx.server
    support.demo_scene(api, ctx.upstream_port)
    traffic = support.Traffic(api.proxy_port("web"), api.proxy_port("api"))
    try:
        driver.set_window_size(1280, 820)
        driver.get(api.url("/ui"))
        css(driver, 'section.proxy[data-proxy="web"] li.toxic')
        # Let the sparklines fill: a poll a second, and the first rate needs two samples. The picture for the README
        # gets a longer run; CI's only needs to prove that live rates arrive.
        polls = 62 if ctx.shots.endswith("docs") else 6
        WebDriverWait(driver, polls + 15).until(lambda d: d.execute_script(
            "return window.faultline.polls >= arguments[0]", polls))
        rates = driver.find_element(By.CSS_SELECTOR, 'section.proxy[data-proxy="web"] .rates').text
        expect("0 B/s" not in rates.split("▼")[-1], "live traffic shows on web: %r" % rates)
        path = ctx.screenshot("dashboard.png")
        driver.save_screenshot(path)
    finally:
        traffic.stop()
    FIGURES["dashboard_screenshot"] = os.path.relpath(path, REPO)


def report_screenshot(ctx):
    driver, api = ctx.driver, ctx.server
    api.raw("POST", "/reset")
    html = os.path.join(ctx.tmp, "report.html")
    experiment = support.experiment_file(ctx.tmp, api.port, api.proxy_port("web"))
    started = time.monotonic()
    run = subprocess.run([ctx.binary, "experiment", "run", experiment, "--html", html,
                          "--report", os.path.join(ctx.tmp, "report.json"), "--format", "json"],
                         capture_output=True, text=True, timeout=120)
    FIGURES["experiment_seconds"] = round(time.monotonic() - started, 1)
    expect(run.returncode in (0, 1), "experiment exit %d: %s" % (run.returncode, run.stderr[-500:]))
    expect(os.path.getsize(html) > 0, "the report page was written")
    driver.set_window_size(1100, 900)
    driver.get("file://" + html)
    css(driver, "svg")
    # The header, the hypothesis table and the first probe's chart: what a reader looks at first.
    driver.set_window_size(1100, 1335)
    path = ctx.screenshot("report.png")
    driver.save_screenshot(path)
    FIGURES["report_screenshot"] = os.path.relpath(path, REPO)


CHECKS = [page_weight, toxic_form, toggle_proxy, remove_all_and_reset, fifty_proxies, cross_origin, rebinding,
          dashboard_screenshot, report_screenshot]


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(REPO, ".build", "debug", "faultline")
    shots = os.path.join(REPO, "docs") if os.environ.get("FAULTLINE_SCREENSHOTS") == "docs" else \
        os.path.join(REPO, ".build", "browser")
    os.makedirs(shots, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="faultline-browser-") as tmp:
        upstream = support.Upstream()
        server = support.Faultline(binary, os.path.join(tmp, "serve.log"))
        driver = None
        passed, failed = 0, []
        try:
            server.json("POST", "/proxies", {"name": "web", "listen": "127.0.0.1:0",
                                             "upstream": "127.0.0.1:%d" % upstream.port})
            server.json("POST", "/proxies", {"name": "idle", "listen": "127.0.0.1:0", "upstream": "127.0.0.1:9"})
            driver = support.chrome()
            ctx = support.Context(driver=driver, server=server, tmp=tmp, binary=binary, shots=shots,
                                  upstream_port=upstream.port)
            for check in CHECKS:
                began = time.monotonic()
                try:
                    check(ctx)
                except (AssertionError, TimeoutException, OSError, ValueError, KeyError) as error:
                    failed.append(check.__name__)
                    print("FAIL  %s: %s: %s" % (check.__name__, type(error).__name__, error), flush=True)
                    try:
                        driver.save_screenshot(ctx.screenshot("failed-%s.png" % check.__name__))
                    except Exception:  # noqa: BLE001 - a screenshot of a failure is a bonus
                        pass
                else:
                    passed += 1
                    print("ok    %s (%.1f s)" % (check.__name__, time.monotonic() - began), flush=True)
        finally:
            if driver is not None:
                driver.quit()
            server.stop()
            upstream.stop()
        FIGURES["seconds"] = round(time.monotonic() - started, 1)
        print("figures " + json.dumps(FIGURES, sort_keys=True), flush=True)
        if failed:
            print("server log tail:\n" + server.log_tail(), flush=True)
        print("%d passed, %d failed" % (passed, len(failed)), flush=True)
        return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
