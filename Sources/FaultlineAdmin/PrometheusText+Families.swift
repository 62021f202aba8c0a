/// The families beyond Toxiproxy's: what each toxic is doing, the process as Go reports it, and the event loops.
import FaultlineCore

extension PrometheusText {
    /// Per toxic: where it applies now, what it holds, what it delayed and dropped, so a dashboard shows a fault
    /// at work.
    static func toxicFamilies(_ proxies: [MetricsSnapshot.Proxy]) -> [Family] {
        var connections = Family(
            name: "faultline_toxic_connections", help: "Live connections the toxic applies to (its roll came up).",
            type: "gauge", series: [])
        var held = Family(
            name: "faultline_toxic_held_bytes", help: "Bytes the toxic holds back right now.", type: "gauge",
            series: [])
        var delayed = Family(
            name: "faultline_toxic_delayed_events_total",
            help: "Chunks and stream ends the toxic let out later than they arrived.", type: "counter", series: [])
        var dropped = Family(
            name: "faultline_toxic_dropped_bytes_total", help: "Bytes the toxic swallowed or dropped.",
            type: "counter", series: [])
        for proxy in proxies {
            for (name, toxic) in proxy.toxics {
                let labels = [("proxy", proxy.name), ("toxic", name)]
                connections.series.append((labels, Double(toxic.connections)))
                held.series.append((labels, Double(toxic.heldBytes)))
                delayed.series.append((labels, Double(toxic.delayedEvents)))
                dropped.series.append((labels, Double(toxic.droppedBytes)))
            }
        }
        return [connections, held, delayed, dropped]
    }

    /// Go's process collector, name for name and help for help, so existing dashboards work.
    static func processFamilies(_ process: MetricsSnapshot.Process) -> [Family] {
        func gauge(_ name: String, _ help: String, _ value: Double) -> Family {
            Family(name: name, help: help, type: "gauge", series: [([], value)])
        }
        return [
            Family(
                name: "process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds.",
                type: "counter", series: [([], process.cpuSeconds)]),
            gauge("process_max_fds", "Maximum number of open file descriptors.", process.maxDescriptors),
            gauge("process_open_fds", "Number of open file descriptors.", Double(process.openDescriptors)),
            gauge("process_resident_memory_bytes", "Resident memory size in bytes.", process.residentBytes),
            gauge(
                "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                process.startTimeSeconds),
            gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", process.virtualBytes),
            gauge(
                "process_virtual_memory_max_bytes", "Maximum amount of virtual memory available in bytes.",
                process.virtualMaxBytes),
        ]
    }

    /// Faultline's event loops, in place of Go's `go_*` runtime series.
    static func loopFamilies(_ loops: [MetricsSnapshot.Loop]) -> [Family] {
        var busy = Family(
            name: "faultline_loop_busy_seconds_total", help: "Time the event loop spent working rather than asleep.",
            type: "counter", series: [])
        var ratio = Family(
            name: "faultline_loop_busy_ratio", help: "Share of time the event loop was busy since the previous scrape.",
            type: "gauge", series: [])
        var timers = Family(
            name: "faultline_loop_timers_pending", help: "Timers waiting to run on the event loop.", type: "gauge",
            series: [])
        var connections = Family(
            name: "faultline_loop_connections", help: "Proxied connections the event loop owns.", type: "gauge",
            series: [])
        for loop in loops {
            let labels = [("loop", loop.name)]
            busy.series.append((labels, loop.busySeconds))
            ratio.series.append((labels, loop.busyRatio))
            timers.series.append((labels, Double(loop.pendingTimers)))
            connections.series.append((labels, Double(loop.connections)))
        }
        return [busy, ratio, timers, connections]
    }
}
