#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/completion.sh - the shell completions of contrib/completion as
# installed (the copies `make` writes with the build's directories; the
# argument names their directory, default build/completion).
#
# bash: each case is a command line; a fresh bash sources bash-completion
# (or, where it is not installed, a minimal stand-in for the helpers the
# completion uses) and the completion, splits the line into words as
# readline does (COMP_WORDBREAKS), calls _hostaudit and prints COMPREPLY.
# zsh: the file must parse (zsh -n), and a zsh in a pseudo-terminal
# (zsh/zpty) completes real command lines with compinit.  Both shells'
# option lists must be the getopt table of src/main.c, long and short.
#
# Check ids and CIS numbers come from the binary (`hostaudit -l`):
# HOSTAUDIT=path overrides ./hostaudit.  Prints "ok - ..." / "not ok -
# ..." and ends with "N passed, N failed".  Under CI=true a missing bash
# or zsh is a failure, elsewhere a skip.

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
dir=$(cd "${1:-$top/build/completion}" 2>/dev/null && pwd) || {
	echo "not ok - completion directory '${1:-build/completion}' exists" \
	    "(run 'make' first)"
	echo "0 passed, 1 failed"
	exit 1
}
HA=${HOSTAUDIT:-$top/hostaudit}

passed=0
failed=0
ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }
finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}
missing() {
	if [ "${CI:-}" = true ]; then
		not_ok "$1 (CI must run every completion test)"
	else
		echo "# SKIP $1"
	fi
}

if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

tmp=$(mktemp -d /tmp/hostaudit-completion.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

# The binary with its profiles beside it (where hostaudit looks first),
# and a working directory with a site profile in ./profiles and files and
# directories to complete.
mkdir -p "$tmp/bin" "$tmp/work/profiles" "$tmp/work/reports"
cp "$HA" "$tmp/bin/hostaudit"
cp -R "$top/profiles" "$tmp/bin/profiles"
echo '{"name": "site", "extends": "cis-docker-1.6.0"}' \
    >"$tmp/work/profiles/site.json"
: >"$tmp/work/report.json"
: >"$tmp/work/facts.json"
: >"$tmp/work/reports/old.json"
export PATH="$tmp/bin:$PATH"
cd "$tmp/work" || exit 1

# The options of src/main.c: long ones from the struct option table,
# short ones from getopt_long's option strings (main.c may parse twice).
main_long=$(sed -n '/struct option longopts\[\]/,/^};/p' "$top/src/main.c" |
    sed -n 's/^[[:space:]]*{ *"\([a-z0-9-]*\)".*/--\1/p' | sort)
main_short=$(grep -o 'getopt_long(argc, argv, "[^"]*"' "$top/src/main.c" |
    sed 's/.*"\(.*\)"/\1/' | tr -d ':' | fold -w1 | sed 's/^/-/' | sort -u)
if [ "$(wc -l <<<"$main_long")" -ge 10 ] && [ -n "$main_short" ]; then
	ok "src/main.c: $(wc -l <<<"$main_long") long and" \
	    "$(wc -l <<<"$main_short") short options read"
else
	not_ok "src/main.c: the option table could be read"
fi

# ---- bash ----------------------------------------------------------

cat >"$tmp/drive.bash" <<'EOF'
# drive.bash COMPLETION LINE: print the completions of LINE, one a line;
# compopt's options go to $COMPOPT_LOG.
if [[ -z ${HA_NO_BASH_COMPLETION:-} &&
    -r /usr/share/bash-completion/bash_completion ]]; then
	. /usr/share/bash-completion/bash_completion
else
	# What the completion uses of bash-completion, for the test only:
	# words split at whitespace alone (-n with every break character).
	_init_completion() {
		local line=${COMP_LINE:0:COMP_POINT}
		read -r -a words <<<"$line"
		[[ $line == *[[:space:]] ]] && words+=("")
		cword=$((${#words[@]} - 1))
		cur=${words[cword]}
		prev=${words[cword - 1]}
		split=false
		if [[ $cur == --*=* ]]; then
			prev=${cur%%=*}
			cur=${cur#*=}
			split=true
		fi
	}
	_filedir() {
		local -a toks
		if [[ ${1:-} == -d ]]; then
			mapfile -t toks < <(compgen -d -- "$cur")
		else
			mapfile -t toks < <(compgen -f -- "$cur")
		fi
		COMPREPLY+=("${toks[@]}")
	}
	__ltrim_colon_completions() {
		local colon_word i
		if [[ $1 == *:* && $COMP_WORDBREAKS == *:* ]]; then
			colon_word=${1%"${1##*:}"}
			for i in "${!COMPREPLY[@]}"; do
				COMPREPLY[i]=${COMPREPLY[i]#"$colon_word"}
			done
		fi
	}
fi
# Outside a completion the builtin only complains: record instead.
compopt() { printf '%s\n' "$*" >>"$COMPOPT_LOG"; }
. "$1" || exit 1

# Readline's words: whitespace separates them, and each run of other
# COMP_WORDBREAKS characters is a word of its own.
COMP_LINE=$2
COMP_POINT=${#COMP_LINE}
COMP_WORDS=()
breaks=${COMP_WORDBREAKS//[[:space:]]/}
word= inbreak=
for ((i = 0; i < ${#COMP_LINE}; i++)); do
	c=${COMP_LINE:i:1}
	if [[ $c == [[:space:]] ]]; then
		[[ -n $word ]] && COMP_WORDS+=("$word")
		word= inbreak=
	elif [[ $breaks == *"$c"* ]]; then
		[[ -n $word && -z $inbreak ]] && { COMP_WORDS+=("$word"); word=; }
		word+=$c inbreak=1
	else
		[[ -n $word && -n $inbreak ]] && { COMP_WORDS+=("$word"); word=; }
		word+=$c inbreak=
	fi
done
COMP_WORDS+=("$word")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
COMPREPLY=()
_hostaudit hostaudit "${COMP_WORDS[COMP_CWORD]}" \
    "${COMP_WORDS[COMP_CWORD - 1]}"
((${#COMPREPLY[@]} == 0)) || printf '%s\n' "${COMPREPLY[@]}"
EOF

# bcomp LINE: the sorted completions of LINE in $got; $err is what the
# completion wrote to standard error, $opts what it gave compopt.
got='' err='' opts=''
bcomp() {
	: >"$tmp/compopt"
	got=$(COMPOPT_LOG=$tmp/compopt bash --norc --noprofile \
	    "$tmp/drive.bash" "$dir/hostaudit" "$1" 2>"$tmp/err" </dev/null |
	    sort)
	err=$(cat "$tmp/err")
	opts=$(cat "$tmp/compopt")
}
# has LIST WORD: LIST (lines) holds WORD.  flat LIST: on one line.
flat() { tr '\n' ' ' <<<"$1"; }
has() { grep -qxF -- "$2" <<<"$1"; }
# bis LINE WANT...: the completions of LINE are exactly WANT.
bis() {
	local line=$1 want
	shift
	bcomp "$line"
	want=$(printf '%s\n' "$@" | sort)
	if [ "$got" = "$want" ] && [ -z "$err" ]; then
		ok "bash: '$line<TAB>' gives: $*"
	else
		not_ok "bash: '$line<TAB>' gives: $* (got: $(flat "$got")${err:+;" \
		    "stderr: $err})"
	fi
}
# bhas LINE WANT...: the completions of LINE include every WANT.
bhas() {
	local line=$1 w miss=
	shift
	bcomp "$line"
	for w in "$@"; do has "$got" "$w" || miss+=" $w"; done
	if [ -z "$miss" ] && [ -z "$err" ]; then
		ok "bash: '$line<TAB>' offers: $*"
	else
		not_ok "bash: '$line<TAB>' offers:$miss (got: $(flat "$got" |
		    head -c 300))${err:+; stderr: $err}"
	fi
}

if ! command -v bash >/dev/null; then
	missing "bash is not installed"
else
	if [ -n "${HA_NO_BASH_COMPLETION:-}" ]; then
		echo "# bash: with the stand-in helpers (HA_NO_BASH_COMPLETION)"
	elif [ -r /usr/share/bash-completion/bash_completion ]; then
		echo "# bash: with bash-completion's helpers"
	else
		missing "bash-completion is not installed (a stand-in is used)"
	fi
	if bash -n "$dir/hostaudit"; then
		ok "bash: the completion parses"
	else
		not_ok "bash: the completion parses"
	fi

	# every option, long and short, and no other
	bcomp "hostaudit --"
	if [ "$got" = "$main_long" ]; then
		ok "bash: '--<TAB>' is the long options of src/main.c" \
		    "($(wc -l <<<"$got"))"
	else
		not_ok "bash: '--<TAB>' is the long options of src/main.c:" \
		    "$(diff <(echo "$main_long") <(echo "$got") | grep '^[<>]' |
		    tr '\n' ' ')"
	fi
	bcomp "hostaudit -"
	got=$(grep -x -- '-[A-Za-z]' <<<"$got")
	if [ "$got" = "$main_short" ]; then
		ok "bash: '-<TAB>' has the short options of src/main.c" \
		    "($(flat "$got"))"
	else
		not_ok "bash: '-<TAB>' has the short options of src/main.c" \
		    "(want: $(flat "$main_short"); got: $(flat "$got"))"
	fi

	bis "hostaudit --fail-" --fail-on
	bis "hostaudit -f " text json junit sarif csv prometheus html markdown
	bis "hostaudit --format=m" markdown
	bis "hostaudit --format j" json junit
	bis "hostaudit --format=j" json junit
	# FORMAT:PATH: files after the colon, which readline keeps as the
	# start of the word
	bis "hostaudit -f json:rep" report.json reports
	bis "hostaudit -f html:reports/" reports/old.json
	bis "hostaudit --fail-on " info low medium high critical
	bis "hostaudit --fail-on=h" high
	bis "hostaudit --level " 1 2
	bis "hostaudit --color " auto always never
	bis "hostaudit --timeout " 
	bis "hostaudit --root " profiles reports
	bis "hostaudit -o rep" report.json reports
	bis "hostaudit --baseline f" facts.json
	bis "hostaudit --save-facts=f" facts.json
	bis "hostaudit --waivers ./profiles/" ./profiles/site.json
	bhas "hostaudit --report-group " root

	# profile names: the shipped ones beside the binary, a site one in
	# ./profiles; a path is completed as a file
	bhas "hostaudit -p " cis-docker-1.6.0 cis-docker-1.6.0-level1 \
	    seed-checklist site
	bcomp "hostaudit -p "
	if grep -q '\.json$' <<<"$got"; then
		not_ok "bash: profile names are offered without .json ($got)"
	else
		ok "bash: profile names are offered without .json"
	fi
	bis "hostaudit --profile s" seed-checklist site
	bis "hostaudit -p ./profiles/s" ./profiles/site.json
	bhas "hostaudit --benchmark-diff cis-docker-1." cis-docker-1.6.0
	bhas "hostaudit --benchmark-diff cis-docker-1.6.0 s" seed-checklist site

	# check ids and CIS numbers from `hostaudit -l`
	bhas "hostaudit --explain 5." 5.4 5.5
	bcomp "hostaudit --explain 5."
	if [ -n "$got" ] && ! grep -qv '^5\.' <<<"$got"; then
		ok "bash: '--explain 5.<TAB>' offers only section 5" \
		    "($(wc -l <<<"$got") numbers)"
	else
		not_ok "bash: '--explain 5.<TAB>' offers only section 5 ($got)"
	fi
	bis "hostaudit --explain daemon.ic" daemon.icc
	bhas "hostaudit --checks container.pri" container.privileged
	bhas "hostaudit --checks 5.4,container.pri" 5.4,container.privileged
	bhas "hostaudit --skip=host.audit-d" host.audit-dockerd
	# the profile on the line chooses the checks: its -l, number for
	# number
	want=$("$tmp/bin/hostaudit" -p seed-checklist -l |
	    awk '$1 != "REF" && $2 ~ /\./ { print $1; print $2 }' | sort -u)
	bcomp "hostaudit -p seed-checklist --explain "
	if [ -n "$want" ] && [ "$got" = "$want" ]; then
		ok "bash: -p seed-checklist: '--explain <TAB>' is that" \
		    "profile's checks ($(wc -l <<<"$got") ids and numbers)"
	else
		not_ok "bash: -p seed-checklist: '--explain <TAB>' is that" \
		    "profile's checks (want $(wc -l <<<"$want"), got" \
		    "$(wc -l <<<"$got"))"
	fi

	bis "hostaudit -H " unix:// tcp://
	if grep -q 'nospace' <<<"$opts"; then
		ok "bash: '-H <TAB>' adds no space after the scheme"
	else
		not_ok "bash: '-H <TAB>' adds no space after the scheme ($opts)"
	fi
	mkdir -p "$tmp/work/run"
	: >"$tmp/work/run/docker.sock"
	# readline replaces only what follows the colon
	bis "hostaudit -H unix://run/d" //run/docker.sock
fi

# ---- zsh -----------------------------------------------------------

# zcomp LINE: the completions zsh lists for LINE (compinit, the
# completion's directory first in $fpath), sorted, in $got.
cat >"$tmp/drive.zsh" <<'EOF'
# drive.zsh DIR LINE DUMP: complete LINE in an interactive zsh in a
# pseudo-terminal (compinit with its dump file DUMP, made by the first
# run) and print every match added, one a line.
zmodload zsh/zpty || exit 2
zpty z zsh -f -i
zpty -w z "PS1='' PROMPT='' RPROMPT=''"
zpty -w z "fpath=(${(q)1} \$fpath); autoload -Uz compinit; compinit -u -d ${(q)3}"
# Print each match as compadd receives it, between markers, instead of
# listing it: what the completion offers, not how zsh lays it out.  The
# markers are split in the commands so that their echo never matches.
zpty -w z 'compadd() {
	local -a __hits
	if [[ ${@[1,(i)(-|--)]} == *-[OAD]\ * ]]; then
		builtin compadd "$@"; return
	fi
	builtin compadd -O __hits "$@"
	local h; for h in $__hits; do print -r -- "<""<$IPREFIX$h>"">" >/dev/tty; done
	builtin compadd "$@"
}'
zpty -w z '_ha_done() { print -r -- "<""<DONE>"">" >/dev/tty; }'
zpty -w z '_ha_complete() { comppostfuncs=(_ha_done); _main_complete "$@"; }'
zpty -w z 'zle -C ha-complete complete-word _ha_complete; bindkey "^I" ha-complete'
zpty -w z "zstyle ':completion:*' list-prompt ''; zstyle ':completion:*' menu no"
zpty -w z 'print -r -- "<""<READY>"">"'
zpty -r -m z out '*<<READY>>*' || exit 2
zpty -w -n z "$2"$'\t'
zpty -r -m z out '*<<DONE>>*' || exit 2
zpty -d z
print -r -- "$out" | tr -d '\r' | grep -o '<<[^>]*>>' |
    sed 's/^<<//; s/>>$//' | grep -vx 'DONE' | sort -u
EOF

zcomp() {
	got=$(timeout 30 zsh -f "$tmp/drive.zsh" "$dir" "$1" \
	    "$tmp/zcompdump" 2>/dev/null |
	    sort)
}
zhas() {
	local line=$1 w miss=
	shift
	zcomp "$line"
	for w in "$@"; do has "$got" "$w" || miss+=" $w"; done
	if [ -z "$miss" ]; then
		ok "zsh: '$line<TAB>' offers: $*"
	else
		not_ok "zsh: '$line<TAB>' offers:$miss (got: $(flat "$got" |
		    head -c 300))"
	fi
}

if ! command -v zsh >/dev/null; then
	missing "zsh is not installed"
else
	if zsh -n "$dir/_hostaudit"; then
		ok "zsh: the completion parses (zsh -n)"
	else
		not_ok "zsh: the completion parses (zsh -n)"
	fi
	if ! zsh -f -c 'zmodload zsh/zpty' 2>/dev/null; then
		missing "zsh/zpty is not available"
	else
		zcomp "hostaudit --"
		got=$(grep -x -- '--[a-z0-9-]*' <<<"$got")
		if [ "$got" = "$main_long" ]; then
			ok "zsh: '--<TAB>' is the long options of src/main.c" \
			    "($(wc -l <<<"$got"))"
		else
			not_ok "zsh: '--<TAB>' is the long options of" \
			    "src/main.c: $(diff <(echo "$main_long") \
			    <(echo "$got") | grep '^[<>]' | tr '\n' ' ')"
		fi
		zcomp "hostaudit -"
		got=$(grep -x -- '-[A-Za-z]' <<<"$got")
		if [ "$got" = "$main_short" ]; then
			ok "zsh: '-<TAB>' has the short options of src/main.c"
		else
			not_ok "zsh: '-<TAB>' has the short options of" \
			    "src/main.c (want: $(flat "$main_short"); got:" \
			    "$(flat "$got"))"
		fi
		zhas "hostaudit --fail-on " info low medium high critical
		zhas "hostaudit -f " text json junit sarif csv prometheus html \
		    markdown
		zhas "hostaudit -f json:rep" json:report.json
		zhas "hostaudit -p " cis-docker-1.6.0 seed-checklist site
		zhas "hostaudit --explain 5." 5.4
		zhas "hostaudit --checks container.pri" container.privileged
		zhas "hostaudit --checks 5.4,container.pri" 5.4,container.privileged
		zhas "hostaudit --benchmark-diff cis-docker-1.6.0 s" \
		    seed-checklist site
		zhas "hostaudit --level " 1 2
	fi
fi

finish
