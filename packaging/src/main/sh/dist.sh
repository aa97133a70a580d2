#!/usr/bin/env bash
# dist.sh — the packaging module's dist build (mvn -Pdist), run by exec-maven-plugin:
#   1. the JDK modules the jars need (jdeps), 2. a trimmed runtime of them (jlink),
#   3. the app image target/dist/kith (jpackage), 4. the .deb target/dist/kith_VERSION_amd64.deb.
# Usage: dist.sh VERSION INPUT_DIR MAIN_JAR DIST_DIR WORK_DIR RESOURCE_DIR ICON [RUNTIME_JDK]
# The runtime comes from RUNTIME_JDK, else the newest JDK >= 17 under /usr/lib/jvm (the rule of
# ./kith), else the JDK running Maven; jdeps and jpackage are the JDK running Maven ($JAVA_HOME).
set -euo pipefail

VERSION="$1" INPUT="$2" MAIN_JAR="$3" DIST="$4" WORK="$5" RESOURCES="$6" ICON="$7" RUNTIME_JDK="${8:-}"
MAIN_CLASS=org.kith.ui.Main
# Modules that no class references directly but the app needs at run time: none so far. Add here
# with the reason (e.g. jdk.localedata for non-English date formats, jdk.charsets).
EXTRA_MODULES=""
# JavaFX's native needs, which jpackage cannot see (it only reads the launcher's and the
# runtime's own libraries). libgtk-3-0t64 is libgtk-3-0's name since Debian 13 / Ubuntu 24.04.
PACKAGE_DEPS="libgtk-3-0 | libgtk-3-0t64, libxtst6, libxxf86vm1, libgl1"

log() { echo "dist: $*" >&2; }
java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1; }

TOOLS_JDK="${JAVA_HOME:?JAVA_HOME must name the JDK running Maven}"
if [[ -z "$RUNTIME_JDK" ]]; then
  best=0
  for jdk in /usr/lib/jvm/*/; do
    jdk="${jdk%/}"
    [[ -x "$jdk/bin/jlink" && ! -L "$jdk" ]] || continue
    major="$(java_major "$jdk")"
    if [[ -n "$major" && "$major" -ge 17 && "$major" -gt "$best" ]]; then RUNTIME_JDK="$jdk"; best="$major"; fi
  done
  RUNTIME_JDK="${RUNTIME_JDK:-$TOOLS_JDK}"
fi
RUNTIME_MAJOR="$(java_major "$RUNTIME_JDK")"
APP_VERSION="${VERSION%-SNAPSHOT}"   # jpackage wants numbers only
log "version $APP_VERSION, runtime from $RUNTIME_JDK (Java $RUNTIME_MAJOR), jpackage from $TOOLS_JDK"

# The JavaFX artifacts without a classifier are empty placeholders (the -linux jars hold the
# classes); they only confuse jdeps, which takes the first jar of a module name.
for jar in "$INPUT"/javafx-*.jar; do
  [[ "$jar" == *-linux.jar ]] || rm -f "$jar"
done

# jdeps --print-module-deps reports too little over these jars (it drops java.desktop and
# java.xml, which JavaFX needs), so take every JDK module any jar references, from -summary.
modules="$("$TOOLS_JDK/bin/jdeps" --ignore-missing-deps --multi-release 17 -summary "$INPUT"/*.jar 2>/dev/null \
  | sed -n 's/.* -> \(\(java\|jdk\)\.[A-Za-z0-9.]*\)$/\1/p' | sort -u | paste -sd, -)"
[[ -n "$EXTRA_MODULES" ]] && modules="$modules,$EXTRA_MODULES"
log "runtime modules: $modules"

rm -rf "$WORK/runtime" "$DIST"
mkdir -p "$WORK" "$DIST"
"$RUNTIME_JDK/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --strip-native-commands --output "$WORK/runtime"

java_options=()
# What ./kith adds on JDK 24+: sqlite-jdbc and JavaFX load natives, Netty and Marlin use Unsafe.
if [[ "$RUNTIME_MAJOR" -ge 24 ]]; then
  java_options+=(--java-options "--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow")
fi
# -Djavafx.cachedir is not set here: the app sets it in code, under the user's cache directory.

"$TOOLS_JDK/bin/jpackage" --type app-image --name kith --dest "$DIST" \
  --input "$INPUT" --main-jar "$MAIN_JAR" --main-class "$MAIN_CLASS" \
  --runtime-image "$WORK/runtime" --app-version "$APP_VERSION" --icon "$ICON" \
  --vendor Kith --description "Kith: peer-to-peer collaboration with signed records" \
  "${java_options[@]}"
# The desktop entry rides in the app image; the .deb's postinst installs it (no --linux-shortcut:
# that fails the install on systems without /etc/xdg/menus).
install -m 0644 "$RESOURCES/kith.desktop" "$DIST/kith/lib/kith.desktop"

"$TOOLS_JDK/bin/jpackage" --type deb --name kith --dest "$WORK/deb" --app-image "$DIST/kith" \
  --app-version "$APP_VERSION" --vendor Kith --resource-dir "$RESOURCES" \
  --description "Peer-to-peer collaboration: signed profiles, proposals, commitments and attestations" \
  --linux-package-name kith --linux-app-category net --linux-deb-maintainer "kith@users.noreply.example.org" \
  --linux-package-deps "$PACKAGE_DEPS"
mv "$WORK"/deb/kith_*.deb "$DIST/kith_${APP_VERSION}_amd64.deb"
rmdir "$WORK/deb"
log "$(du -sh "$DIST/kith" | cut -f1) app image (runtime $(du -sh "$WORK/runtime" | cut -f1)), $(du -h "$DIST"/kith_*.deb | cut -f1) .deb"
