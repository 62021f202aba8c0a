/// The one rule for proxy and toxic names beyond Toxiproxy's: a name must be fetchable and deletable again.
public enum ResourceName {
    /// A name containing `/`, or equal to `.` or `..`, could never be reached through `/proxies/{name}` again (the
    /// path splits or normalises it), so it is refused: a documented departure, since Toxiproxy accepts and strands it.
    public static func check(_ name: String, field: String = "name") throws(FaultlineError) {
        if name.utf8.contains(UInt8(ascii: "/")) || name == "." || name == ".." {
            throw .invalidValue(field: field, reason: #"must not contain "/" or be "." or "..""#)
        }
    }
}
