/// Faultline's own version, and the Toxiproxy API level it implements.
public enum FaultlineVersion {
    /// Faultline's release (`faultline --version`, the `Server:` header).
    public static let current = "0.1.0"
    /// The Toxiproxy version `/version` reports: clients choose PATCH and features from it.
    public static let toxiproxyAPI = "2.12.0"
}
