package dev.s2reactive.cli;

import dev.s2reactive.core.model.OpGroupPermissions;
import dev.s2reactive.core.model.ReadWrite;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code --op-group-perms "account=rw,basin=r,stream=r"}: keys {@code account}, {@code basin},
 * {@code stream}; each value a non-empty mix of {@code r} and {@code w}. Groups not named get no
 * permission (sent as null, protocol §12.4).
 */
final class OpGroupPerms {

  private OpGroupPerms() {}

  static OpGroupPermissions parse(String text) {
    Map<String, ReadWrite> groups = new HashMap<>();
    for (String part : text.split(",", -1)) {
      String entry = part.strip();
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "invalid op group '" + entry + "' (expected e.g. account=rw,basin=r,stream=r)");
      }
      String key = entry.substring(0, eq).strip();
      if (!key.equals("account") && !key.equals("basin") && !key.equals("stream")) {
        throw new IllegalArgumentException(
            "unknown op group '" + key + "' (expected account, basin or stream)");
      }
      if (groups.containsKey(key)) {
        throw new IllegalArgumentException("op group '" + key + "' given twice");
      }
      groups.put(key, permissions(key, entry.substring(eq + 1).strip()));
    }
    return OpGroupPermissions.of(groups.get("account"), groups.get("basin"), groups.get("stream"));
  }

  private static ReadWrite permissions(String key, String perms) {
    if (perms.isEmpty() || !perms.matches("[rw]+")) {
      throw new IllegalArgumentException(
          "invalid permissions '" + perms + "' for " + key + " (expected r, w or rw)");
    }
    return ReadWrite.of(perms.indexOf('r') >= 0, perms.indexOf('w') >= 0);
  }

  static final class Converter extends ParsingConverter<OpGroupPermissions> {
    Converter() {
      super(OpGroupPerms::parse);
    }
  }
}
