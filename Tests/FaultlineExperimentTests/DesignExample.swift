/// The complete example of experiments.md §1, verbatim, as a fixture.

enum DesignExample {
    static let text = """
        {
          "version": "faultline.experiment/v1",
          "title": "Checkout survives a slow, flaky payments dependency",
          "hypothesis": "With +300 ms on half of payment connections, checkout stays >= 99% OK with p95 < 800 ms",
          "seed": 42,
          "admin": "http://127.0.0.1:8474",
          "maxDuration": "3m",

          "probes": {
            "checkout": {
              "http": { "url": "http://127.0.0.1:8080/checkout", "method": "GET", "status": ["2xx"] },
              "every": "250ms", "timeout": "2s", "maxLatency": "1s"
            },
            "payments-port": { "tcp": { "address": "127.0.0.1:26379" }, "every": "500ms", "timeout": "1s" },
            "alert-quiet": {
              "command": { "argv": ["./scripts/alert-quiet", "PaymentsSlow"], "expectExit": 0 },
              "every": "5s", "timeout": "3s"
            }
          },

          "steadyState": {
            "baseline": "10s",
            "tolerances": [
              { "probe": "checkout", "minSuccessRate": 0.99, "p95": "800ms", "p99": "1500ms" },
              { "probe": "payments-port", "minSuccessRate": 1.0 }
            ]
          },

          "faults": [
            { "name": "slow-payments", "proxy": "payments", "at": "10s", "duration": "30s",
              "toxic": { "type": "latency", "stream": "downstream", "toxicity": 0.5,
                         "attributes": { "latency": 300, "jitter": 50 } } },
            { "name": "one-cache-down", "proxy": ["cache-a", "cache-b", "cache-c"], "pick": 1,
              "at": { "min": "20s", "max": "30s" }, "duration": "5s", "down": true }
          ],

          "halt": [
            { "probe": "checkout", "maxErrorRate": 0.20, "window": "5s", "minSamples": 10 },
            { "probe": "payments-port", "minSuccessRate": 0.5, "window": "5s", "minSamples": 5 }
          ],

          "recovery": { "within": "30s", "stableFor": "5s" },

          "report": { "json": "experiment-report.json", "table": true }
        }
        """

    static var bytes: [UInt8] { Array(text.utf8) }
}
