# Sourced by mvnw, bin/uniclick, bin/click and .ci/run: points JAVA_HOME at a JDK 25 or explains how to get one.
uniclick_java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'; }
uniclick_find_jdk25() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/java" ] && [ "$(uniclick_java_major "$JAVA_HOME")" -ge 25 ] 2>/dev/null; then
    return 0
  fi
  for d in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/jdk-25* \
           /usr/lib/jvm/*25* /opt/java/jdk-25* /opt/jdk-25* "$HOME"/.sdkman/candidates/java/25* /Library/Java/JavaVirtualMachines/*25*/Contents/Home; do
    if [ -x "$d/bin/java" ] && [ "$(uniclick_java_major "$d")" -ge 25 ] 2>/dev/null; then
      JAVA_HOME=$d; export JAVA_HOME; return 0
    fi
  done
  echo "uniclick needs JDK 25, and none was found (JAVA_HOME=${JAVA_HOME-unset}; looked in /usr/lib/jvm, /opt, ~/.sdkman)." >&2
  echo "Install one (Debian/Ubuntu: apt-get install temurin-25-jdk from packages.adoptium.net, or unpack a JDK 25 tarball)" >&2
  echo "and set JAVA_HOME to it, e.g. export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64" >&2
  return 1
}
