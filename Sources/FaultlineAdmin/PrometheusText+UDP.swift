/// The families of `udp` proxies: datagrams and bytes per direction, drops by cause, sessions.
import FaultlineCore

extension PrometheusText {
    /// Every series is labelled with the proxy; per-direction ones with `direction` (upstream = client → server).
    static func udpFamilies(_ proxies: [MetricsSnapshot.Proxy]) -> [Family] {
        func family(_ name: String, _ help: String, _ type: String = "counter") -> Family {
            Family(name: name, help: help, type: type, series: [])
        }
        var datagrams = family(
            "faultline_udp_datagrams_total", "Datagrams read from (received) and sent to (sent) each direction's sockets.")
        var bytes = family("faultline_udp_bytes_total", "Payload bytes read from and sent to each direction's sockets.")
        var dropped = family("faultline_udp_dropped_total", "Datagrams dropped, by cause.")
        var altered = family(
            "faultline_udp_altered_total", "Datagrams duplicated, corrupted, truncated or reordered by toxics.")
        var sessions = family("faultline_udp_sessions", "Client sessions open now.", "gauge")
        var created = family("faultline_udp_sessions_created_total", "Client sessions opened.")
        var ended = family(
            "faultline_udp_sessions_closed_total",
            "Client sessions closed: idle past idle_timeout (expired), for a new client at max_sessions (evicted), or to free a descriptor (descriptors).")
        var unreachable = family(
            "faultline_udp_upstream_unreachable_total", "ICMP unreachable errors the upstream's sockets reported.")
        for proxy in proxies {
            guard let udp = proxy.udp else { continue }
            let name = ("proxy", proxy.name)
            for direction in Direction.both {
                let flow = udp.flows[direction]
                let labels = [("direction", direction.rawValue), name]
                let received = [("direction", direction.rawValue), ("event", "received"), name]
                let sent = [("direction", direction.rawValue), ("event", "sent"), name]
                datagrams.series.append((received, Double(flow.datagramsReceived)))
                datagrams.series.append((sent, Double(flow.datagramsSent)))
                bytes.series.append((received, Double(flow.bytesReceived)))
                bytes.series.append((sent, Double(flow.bytesSent)))
                let toxics = flow.toxics
                let causes: [(String, UInt64)] = [
                    ("blackhole", toxics.blackholed), ("link_limit", toxics.overLimit), ("loss", toxics.lost),
                    ("mtu", toxics.oversized), ("queue_full", toxics.queueOverflow), ("send_failed", flow.sendFailed),
                ]
                for (cause, count) in causes {
                    dropped.series.append(([("cause", cause)] + labels, Double(count)))
                }
                let kinds: [(String, UInt64)] = [
                    ("corrupted", toxics.corrupted), ("duplicated", toxics.duplicated),
                    ("reordered", toxics.reordered), ("truncated", toxics.truncated),
                ]
                for (kind, count) in kinds {
                    altered.series.append(([("direction", direction.rawValue), ("kind", kind), name], Double(count)))
                }
            }
            dropped.series.append(
                ([("cause", "no_descriptor"), ("direction", "upstream"), name], Double(udp.noDescriptor)))
            sessions.series.append(([name], Double(udp.sessionsActive)))
            created.series.append(([name], Double(udp.sessionsCreated)))
            ended.series.append(([name, ("reason", "descriptors")], Double(udp.sessionsEvictedForDescriptors)))
            ended.series.append(([name, ("reason", "evicted")], Double(udp.sessionsEvicted)))
            ended.series.append(([name, ("reason", "expired")], Double(udp.sessionsExpired)))
            unreachable.series.append(([name], Double(udp.upstreamUnreachable)))
        }
        return [datagrams, bytes, dropped, altered, sessions, created, ended, unreachable]
    }
}
