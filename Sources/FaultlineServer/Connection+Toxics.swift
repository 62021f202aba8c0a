/// The toxic side of a connection: links per direction, installed from the proxy's toxics (filled in with issue 3).
import FaultlineCore

extension Connection {
    func hasToxics(_ direction: Direction) -> Bool { false }
    func heldByToxics(_ direction: Direction) -> Int { 0 }
    func toxicsWantInput(_ direction: Direction) -> Bool { true }
    func installToxics() {}
    func stopToxics() {}
    func receiveThroughToxics(_ event: StreamEvent, _ direction: Direction) {}
}

extension Connection {
    func addToxic(_ toxic: ToxicSpec) {}
    func updateToxic(_ toxic: ToxicSpec) {}
    func removeToxic(_ toxic: ToxicSpec) {}
}
