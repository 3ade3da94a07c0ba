package dev.s2reactive.server.internal.catalog;

import java.util.Objects;

/**
 * The outcome of a create or ensure: the resource and what happened to it. Immutable.
 *
 * @param <T> the resource type ({@code BasinInfo} or {@code StreamInfo})
 */
public record Provisioned<T>(T resource, ProvisionResult result) {
  public Provisioned {
    Objects.requireNonNull(resource, "resource");
    Objects.requireNonNull(result, "result");
  }
}
