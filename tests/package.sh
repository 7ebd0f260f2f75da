#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Package test: the Debian package built, checked and used as an
# administrator would.  From `make dist` of this tree (every file git
# tracks or would track, committed or not), unpacked in a temp dir:
#   - dpkg-buildpackage -us -uc -b builds ../hostaudit_VERSION_ARCH.deb,
#     with the hardening flags in every compile and the unit tests run;
#   - lintian on the .changes (the .deb and the .buildinfo) reports no
#     error and no warning;
#   - dpkg -x: every path the package should ship, man pages and
#     completions naming the installed directories;
#   - dpkg -i: the installed hostaudit runs, finds its man page and its
#     profiles, and audits a private dockerd with the installed profile;
#   - dpkg -r, then dpkg -P: everything gone but a site's own profile.
#
# Needs root (dpkg -i), dpkg-dev, debhelper, lintian, git, man-db, jq and
# what tests/integration/lib.sh needs for a dockerd; skips when something
# is missing (fails under CI=true).  Refuses to run when a hostaudit
# package is already installed.  Not part of `make check`: .ci/run runs
# it.  Prints "ok - ..." / "not ok - ..." and ends with "N passed, N
# failed".  HA_KEEP=1 keeps the temp dir.

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA_TEST="package test"

why=$(ha_dockerd_missing) && skip_or_fail "$why"
for c in dpkg-buildpackage dh lintian git man jq readelf busybox; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
# dpkg's state of the package: "" or "un"/"pn" when it is not there at
# all, "ii" installed, "rc" removed with its configuration left...
pkg_state() {
	dpkg-query -W -f '${db:Status-Abbrev}' hostaudit 2>/dev/null |
	    cut -c1-2
}
case $(pkg_state) in
'' | un | pn) ;;
*)
	not_ok "no hostaudit package is installed before the test" \
	    "(dpkg -P hostaudit first)"
	finish ;;
esac

version=$(sed -n 's/^VERSION *= *//p' Makefile)
arch=$(dpkg --print-architecture)
deb=hostaudit_${version}_$arch.deb
installed=
package_cleanup() {
	# a run that stopped half-way leaves no package behind
	if [ -n "$installed" ]; then
		dpkg -P hostaudit >/dev/null 2>&1 </dev/null
		rm -rf /etc/hostaudit
	fi
}
HA_TEST_CLEANUP=package_cleanup
ha_test_setup
umask 022

# ---- the version is the Makefile's ---------------------------------

is "debian/changelog's version is the Makefile's VERSION" \
    "$(dpkg-parsechangelog -l debian/changelog -S Version)" "$version"

# ---- build from `make dist` ----------------------------------------

if make -s B="$T/dist" dist >"$T/dist.log" 2>&1 </dev/null &&
    tar -C "$T" -xzf "$T/dist/hostaudit-$version.tar.gz"; then
	ok "make dist: hostaudit-$version.tar.gz unpacks"
else
	not_ok "make dist: hostaudit-$version.tar.gz unpacks"
	sed 's/^/#   /' "$T/dist.log"
	finish
fi
src=$T/hostaudit-$version
check "the tarball holds debian/ and tests/package.sh" \
    test -f "$src/debian/rules" -a -f "$src/tests/package.sh"
check "the tarball holds no build output" \
    test ! -e "$src/hostaudit" -a ! -e "$src/build"

start=$(date +%s)
# DEB_BUILD_OPTIONS=nocheck from the caller is honoured (and checked).
opts="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }parallel=$(nproc)"
(cd "$src" && DEB_BUILD_OPTIONS=$opts dpkg-buildpackage -us -uc -b) \
    >"$T/build.log" 2>&1 </dev/null
rc=$?
if [ "$rc" -eq 0 ] && [ -f "$T/$deb" ]; then
	ok "dpkg-buildpackage -us -uc -b builds $deb" \
	    "($(($(date +%s) - start)) s)"
else
	not_ok "dpkg-buildpackage -us -uc -b builds $deb (exit $rc)"
	tail -n 40 "$T/build.log" | sed 's/^/#   /'
	finish
fi

# Every compile has the hardening flags, and the unit tests ran.
ncc=$(grep -c -E '^(cc|gcc|x86_64-linux-gnu-gcc)[^ ]* .* -c ' "$T/build.log")
nfort=$(grep -E '^(cc|gcc|x86_64-linux-gnu-gcc)[^ ]* .* -c ' "$T/build.log" |
    grep -c -e '-D_FORTIFY_SOURCE=2')
if [ "$ncc" -gt 0 ] && [ "$ncc" -eq "$nfort" ]; then
	ok "build: all $ncc compiles have -D_FORTIFY_SOURCE=2 (CPPFLAGS)"
else
	not_ok "build: all $ncc compiles have -D_FORTIFY_SOURCE=2 ($nfort do)"
fi
nunit=$(grep -c '^== build/tests/test_' "$T/build.log")
case " $opts " in
*" nocheck "*)
	is "build: DEB_BUILD_OPTIONS=nocheck: no unit test ran" "$nunit" 0 ;;
*)
	if [ "$nunit" -gt 0 ]; then
		ok "build: dh_auto_test ran $nunit unit test programs"
	else
		not_ok "build: dh_auto_test ran the unit tests"
	fi ;;
esac

# ---- lintian -------------------------------------------------------

changes=$T/hostaudit_${version}_$arch.changes
lintian --display-info "$changes" >"$T/lintian.log" 2>&1 </dev/null
sed 's/^/# lintian: /' "$T/lintian.log"
bad=$(grep -E '^[EW]: ' "$T/lintian.log")
if [ -f "$changes" ] && [ -z "$bad" ]; then
	ok "lintian: no error and no warning on the .changes, .deb and" \
	    ".buildinfo ($(grep -c '^[IP]: ' "$T/lintian.log") info)"
else
	not_ok "lintian: no error and no warning ($(echo "$bad" | head -5))"
fi

# ---- the package's contents ----------------------------------------

R=$T/root
dpkg-deb -x "$T/$deb" "$R"
dpkg-deb -e "$T/$deb" "$T/control"
check "dpkg -x: /usr/sbin/hostaudit, executable" test -x "$R/usr/sbin/hostaudit"
missing=
for p in profiles/*.json; do
	[ -f "$R/usr/share/hostaudit/$p" ] || missing+=" $p"
done
is "dpkg -x: every profile in /usr/share/hostaudit/profiles" "$missing" ""
for m in man/*.[1-9]; do
	n=${m##*/}
	page=$R/usr/share/man/man${n##*.}/$n.gz
	if [ ! -f "$page" ]; then
		not_ok "dpkg -x: $n installed"
	elif bad=$(zcat "$page" | grep '@[A-Z_]*@\|/usr/local'); then
		not_ok "dpkg -x: $n names no placeholder and no /usr/local" \
		    "($(head -n 3 <<<"$bad"))"
	else
		ok "dpkg -x: $n installed, without placeholders or /usr/local"
	fi
done
zcat "$R/usr/share/man/man8/hostaudit.8.gz" >"$T/hostaudit.8" 2>&1
check "man: hostaudit(8) names /usr/share/hostaudit/profiles" \
    grep -q '/usr/share/hostaudit/profiles' "$T/hostaudit.8"
check "man: hostaudit(8) names /etc/hostaudit/profiles" \
    grep -q '/etc/hostaudit/profiles' "$T/hostaudit.8"
bc=$R/usr/share/bash-completion/completions/hostaudit
zc=$R/usr/share/zsh/vendor-completions/_hostaudit
check "dpkg -x: bash completion naming /usr/share/hostaudit/profiles" \
    grep -q '/usr/share/hostaudit/profiles' "$bc"
check "dpkg -x: zsh completion naming /usr/share/hostaudit/profiles" \
    grep -q '/usr/share/hostaudit/profiles' "$zc"
for u in contrib/systemd/*.service contrib/systemd/*.timer; do
	[ -f "$u" ] || continue
	check "dpkg -x: ${u##*/} in /lib/systemd/system, as in contrib/systemd" \
	    cmp -s "$u" "$R/lib/systemd/system/${u##*/}"
done
check "dpkg -x: the empty /etc/hostaudit/profiles" \
    test -d "$R/etc/hostaudit/profiles"
check "dpkg -x: the copyright file" \
    test -f "$R/usr/share/doc/hostaudit/copyright"
is "dpkg -x: nothing under /usr/local" \
    "$(find "$R" -path '*/usr/local*' | head -3)" ""
# The units are the administrator's to enable and start (the postinst
# re-enables only a timer that was enabled before an upgrade).
if grep -q 'deb-systemd-invoke' "$T/control/postinst" 2>/dev/null; then
	not_ok "postinst starts no unit"
else
	ok "postinst starts no unit"
fi

# The binary as built with dpkg-buildflags' hardening=+all.
elf=$R/usr/sbin/hostaudit
readelf -W -h -d --dyn-syms "$elf" >"$T/readelf.out" 2>&1
check "hardening: PIE" grep -q 'Type:.*DYN' "$T/readelf.out"
check "hardening: full RELRO (BIND_NOW)" grep -q 'BIND_NOW' "$T/readelf.out"
check "hardening: stack protector" grep -q '__stack_chk_fail' "$T/readelf.out"
check "hardening: fortified functions" grep -q '__[a-z]*_chk@' "$T/readelf.out"

# ---- installed -----------------------------------------------------

if dpkg -i "$T/$deb" >"$T/install.log" 2>&1 </dev/null; then
	installed=1
	ok "dpkg -i $deb"
else
	installed=1
	not_ok "dpkg -i $deb"
	sed 's/^/#   /' "$T/install.log"
	finish
fi
cd / || exit 1
is "hostaudit -V: the version" \
    "$(/usr/sbin/hostaudit -V </dev/null | head -n 1)" "hostaudit $version"
is "man -w hostaudit" "$(man -w hostaudit 2>&1)" \
    /usr/share/man/man8/hostaudit.8.gz
is "man -w 5 hostaudit-profile" "$(man -w 5 hostaudit-profile 2>&1)" \
    /usr/share/man/man5/hostaudit-profile.5.gz
if /usr/sbin/hostaudit -l >"$T/list.out" 2>"$T/list.err" </dev/null &&
    grep -q 'container.privileged' "$T/list.out"; then
	ok "hostaudit -l: the default profile's checks" \
	    "($(grep -c '\.' "$T/list.out") lines)"
else
	not_ok "hostaudit -l: the default profile's checks" \
	    "($(head -c 300 "$T/list.err"))"
fi
/usr/sbin/hostaudit -p no-such-profile -l >/dev/null 2>"$T/noprof.err" \
    </dev/null
check "hostaudit -p NAME looks in /usr/share/hostaudit/profiles" \
    grep -q '/usr/share/hostaudit/profiles' "$T/noprof.err"
mode=$(stat -c '%a %U' /var/lib/hostaudit 2>/dev/null)
is "postinst: /var/lib/hostaudit, mode 0750, root's" "$mode" "750 root"
check "the systemd timer is not enabled" \
    test ! -e /etc/systemd/system/timers.target.wants/hostaudit.timer

# A site profile in /etc/hostaudit/profiles is found by name.
cat >/etc/hostaudit/profiles/site.json <<'EOF'
{"name": "site", "extends": "cis-docker-1.6.0-level1",
 "drop": ["container.health"]}
EOF
if /usr/sbin/hostaudit -p site -l >"$T/site.out" 2>&1 </dev/null &&
    ! grep -q 'container.health' "$T/site.out"; then
	ok "hostaudit -p site: the site profile in /etc/hostaudit/profiles"
else
	not_ok "hostaudit -p site: the site profile in /etc/hostaudit/profiles" \
	    "($(head -c 300 "$T/site.out"))"
fi

# The installed bash completion offers the installed profiles (run in /,
# where no ./profiles is).
if [ -r /usr/share/bash-completion/bash_completion ]; then
	got=$(PATH=/usr/sbin:$PATH bash --norc --noprofile -c '
	    . /usr/share/bash-completion/bash_completion
	    . /usr/share/bash-completion/completions/hostaudit
	    COMP_LINE="hostaudit -p "; COMP_POINT=${#COMP_LINE}
	    COMP_WORDS=(hostaudit -p ""); COMP_CWORD=2
	    _hostaudit hostaudit "" -p 2>/dev/null
	    printf "%s\n" "${COMPREPLY[@]}"' </dev/null)
	if grep -qx cis-docker-1.6.0 <<<"$got" && grep -qx site <<<"$got"; then
		ok "bash completion: -p offers the installed and the site profiles"
	else
		not_ok "bash completion: -p offers the installed and the site" \
		    "profiles (got: $(tr '\n' ' ' <<<"$got"))"
	fi
fi

# ---- an audit of a real dockerd with the installed binary ----------

echo '{}' >"$T/daemon.json"
if ! ha_dockerd_start pkg "$T/daemon.json"; then
	not_ok "dockerd starts (exit status ${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail pkg 30
	finish
fi
ok "dockerd starts (pid $HA_DOCKERD_PID)"
if ha_import_busybox hatest/bb:1 &&
    "${HA_DOCKER[@]}" create --name priv --privileged hatest/bb:1 sleep 60 \
    >/dev/null; then
	ok "a privileged container created"
else
	not_ok "a privileged container created"
fi
timeout 120 /usr/sbin/hostaudit -H "unix://$HA_SOCK" -p cis-docker-1.6.0 \
    -q -f "json:$T/report.json" >"$T/audit.out" 2>"$T/audit.err" </dev/null
rc=$?
if [ "$rc" -le 1 ] || [ "$rc" -eq 3 ]; then
	ok "hostaudit audits the daemon (exit $rc)"
else
	not_ok "hostaudit audits the daemon (exit $rc: $(head -c 300 \
	    "$T/audit.err"))"
fi
is "report: the profile is the installed cis-docker-1.6.0" \
    "$(jq -r '.profile.path' "$T/report.json" 2>/dev/null)" \
    /usr/share/hostaudit/profiles/cis-docker-1.6.0.json
is "report: container.privileged fails" \
    "$(res_status "$T/report.json" container.privileged)" fail
is "report: container.privileged names the container priv" \
    "$(tgt "$T/report.json" container.privileged priv | jq -r .status)" fail
ha_dockerd_stop

# ---- removed, then purged ------------------------------------------

if dpkg -r hostaudit >"$T/remove.log" 2>&1 </dev/null; then
	ok "dpkg -r hostaudit"
else
	not_ok "dpkg -r hostaudit ($(tail -n 3 "$T/remove.log"))"
fi
left=
for p in /usr/sbin/hostaudit /usr/share/hostaudit \
    /usr/share/man/man8/hostaudit.8.gz \
    /usr/share/man/man5/hostaudit-profile.5.gz \
    /usr/share/bash-completion/completions/hostaudit \
    /usr/share/zsh/vendor-completions/_hostaudit \
    /lib/systemd/system/hostaudit.service /lib/systemd/system/hostaudit.timer
do
	[ -e "$p" ] && left+=" $p"
done
is "dpkg -r: the program, profiles, pages, completions and units gone" \
    "$left" ""
is "dpkg -r: the configuration is left (rc)" "$(pkg_state)" rc
check "dpkg -r: /var/lib/hostaudit kept until purge" test -d /var/lib/hostaudit
check "dpkg -r: the site profile kept" test -f /etc/hostaudit/profiles/site.json

if dpkg -P hostaudit >"$T/purge.log" 2>&1 </dev/null; then
	ok "dpkg -P hostaudit"
else
	not_ok "dpkg -P hostaudit ($(tail -n 3 "$T/purge.log"))"
fi
check "dpkg -P: /var/lib/hostaudit removed" test ! -e /var/lib/hostaudit
state=$(pkg_state)
case $state in
'' | un | pn) ok "dpkg -P: the package is gone from dpkg's database" ;;
*) not_ok "dpkg -P: the package is gone from dpkg's database ($state)" ;;
esac
check "dpkg -P: the site profile is still the site's" \
    test -f /etc/hostaudit/profiles/site.json
rm -rf /etc/hostaudit
installed=

finish
