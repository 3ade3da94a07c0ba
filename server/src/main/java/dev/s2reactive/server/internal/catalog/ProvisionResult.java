package dev.s2reactive.server.internal.catalog;

/** The {@code s2-provision-result} of a create or ensure (protocol §3). */
public enum ProvisionResult {
  CREATED("created"),
  UPDATED("updated"),
  NOOP("noop");

  private final String wireName;

  ProvisionResult(String wireName) {
    this.wireName = wireName;
  }

  /** The header value, for example {@code "noop"}. */
  public String wireName() {
    return wireName;
  }
}
