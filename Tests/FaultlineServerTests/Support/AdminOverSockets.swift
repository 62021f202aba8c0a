/// The parent of every admin-over-real-sockets suite: their tests run one at a time.
import Testing

/// Some of these tests load the machine on purpose (floods, 2,000 proxy lifecycles) and others time round
/// trips; run side by side on two cores they would disturb each other (and the other suites) for nothing.
@Suite(.serialized) enum AdminOverSockets {}
