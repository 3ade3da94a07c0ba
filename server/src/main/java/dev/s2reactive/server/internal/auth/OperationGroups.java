package dev.s2reactive.server.internal.auth;

import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.Operation;
import dev.s2reactive.core.model.ReadWrite;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Which operations each operation group covers (protocol §12.3, the sdk-go
 * "PermittedOperationGroups Schema" table). The location operations count as account read / write.
 * Every operation belongs to exactly one group and side, which the tests check.
 */
final class OperationGroups {

  static final Set<Operation> ACCOUNT_READ =
      EnumSet.of(
          Operation.LIST_BASINS,
          Operation.LIST_ACCESS_TOKENS,
          Operation.ACCOUNT_METRICS,
          Operation.LIST_LOCATIONS,
          Operation.GET_DEFAULT_LOCATION);
  static final Set<Operation> ACCOUNT_WRITE =
      EnumSet.of(
          Operation.CREATE_BASIN,
          Operation.DELETE_BASIN,
          Operation.RECONFIGURE_BASIN,
          Operation.ISSUE_ACCESS_TOKEN,
          Operation.REVOKE_ACCESS_TOKEN,
          Operation.SET_DEFAULT_LOCATION);
  static final Set<Operation> BASIN_READ =
      EnumSet.of(Operation.GET_BASIN_CONFIG, Operation.LIST_STREAMS, Operation.BASIN_METRICS);
  static final Set<Operation> BASIN_WRITE =
      EnumSet.of(Operation.CREATE_STREAM, Operation.DELETE_STREAM, Operation.RECONFIGURE_STREAM);
  static final Set<Operation> STREAM_READ =
      EnumSet.of(
          Operation.GET_STREAM_CONFIG,
          Operation.CHECK_TAIL,
          Operation.READ,
          Operation.STREAM_METRICS);
  static final Set<Operation> STREAM_WRITE =
      EnumSet.of(Operation.APPEND, Operation.TRIM, Operation.FENCE);

  private OperationGroups() {}

  /** The operations the groups grant. */
  static EnumSet<Operation> covered(OpGroupPermissions groups) {
    EnumSet<Operation> ops = EnumSet.noneOf(Operation.class);
    add(ops, groups.account(), ACCOUNT_READ, ACCOUNT_WRITE);
    add(ops, groups.basin(), BASIN_READ, BASIN_WRITE);
    add(ops, groups.stream(), STREAM_READ, STREAM_WRITE);
    return ops;
  }

  private static void add(
      EnumSet<Operation> ops, Optional<ReadWrite> rw, Set<Operation> read, Set<Operation> write) {
    if (rw.isEmpty()) {
      return;
    }
    if (rw.get().read()) {
      ops.addAll(read);
    }
    if (rw.get().write()) {
      ops.addAll(write);
    }
  }
}
