/// Placeholder until the module gets its first type.
enum PosixPlaceholder {}
