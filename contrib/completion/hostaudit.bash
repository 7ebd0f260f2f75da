# SPDX-License-Identifier: Apache-2.0
# bash completion for hostaudit(8)                       -*- shell-script -*-
# shellcheck disable=SC2207
# (COMPREPLY=($(compgen ...)) splits words that hold no blanks, as
# bash-completion's own completions do.)
#
# Installed as .../bash-completion/completions/hostaudit, where
# bash-completion (2.x) loads it the first time hostaudit is completed.
# `make` writes the installed copy with the build's data and configuration
# directories put in for their placeholders.
#
# Options come from the getopt table in src/main.c (tests/completion.sh
# fails when the two differ); check ids and CIS numbers from `hostaudit
# -l`, run with the profile already on the command line; profile names
# from the directories hostaudit searches.

# The profile names (files NAME.json) in ./profiles, beside the
# executable, in DATADIR/profiles and in SYSCONFDIR/hostaudit/profiles.
_hostaudit_profiles()
{
	local exe d f
	local -a dirs=(./profiles)

	exe=$(type -P -- "$1" 2>/dev/null) && dirs+=("${exe%/*}/profiles")
	dirs+=("@DATADIR@/profiles" "@SYSCONFDIR@/hostaudit/profiles")
	for d in "${dirs[@]}"; do
		for f in "$d"/*.json; do
			[[ -f $f ]] || continue
			f=${f##*/}
			printf '%s\n' "${f%.json}"
		done
	done
}

# The CIS numbers and check ids of the profile: the first two columns of
# `hostaudit [-p PROFILE] -l` below its header line.
_hostaudit_checks()
{
	"$@" -l 2>/dev/null </dev/null |
	    awk '$1 != "REF" && $2 ~ /\./ { print $1; print $2 }'
}

_hostaudit()
{
	local cur prev words cword split
	_init_completion -s -n : || return

	local cmd=${words[0]} i profile=() prefix
	local formats='text json junit sarif csv prometheus html markdown'
	local severities='info low medium high critical'
	local opts='-f -H -h -l -o -p -q -V -v
		--all-engines --baseline --benchmark-diff --brief --check-profile
		--checks --color --container --daemon-json --exclude-container
		--explain --facts --fail-on --format --help --host --label
		--level --list-checks --list-engines --max-engine-bytes
		--merge --min-score --no-color
		--output --profile --quiet --report-group --report-mode --root
		--save-facts --skip --timeout --tls --tlscacert --tlscert
		--tlskey --tlsverify --verbose --version --waivers'

	# A profile given earlier chooses the checks offered.
	for ((i = 1; i < cword; i++)); do
		case ${words[i]} in
		-p | --profile) profile=(-p "${words[i + 1]}") ;;
		--profile=*) profile=(-p "${words[i]#--profile=}") ;;
		-p?*) profile=(-p "${words[i]#-p}") ;;
		esac
	done

	case $prev in
	-f | --format)
		if [[ $cur == *:* ]]; then
			# FORMAT:PATH: a file after the colon
			prefix=${cur%%:*}:
			cur=${cur#*:}
			_filedir
			COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
			__ltrim_colon_completions "$prefix$cur"
		else
			COMPREPLY=($(compgen -W "$formats" -- "$cur"))
		fi
		return
		;;
	-H | --host)
		if [[ $cur == unix://* ]]; then
			cur=${cur#unix://}
			_filedir
			COMPREPLY=("${COMPREPLY[@]/#/unix://}")
			__ltrim_colon_completions "unix://$cur"
		else
			COMPREPLY=($(compgen -W 'unix:// tcp://' -- "$cur"))
			compopt -o nospace
			__ltrim_colon_completions "$cur"
		fi
		return
		;;
	-p | --profile | --benchmark-diff)
		if [[ $cur == */* || $cur == .* || $cur == \~* ]]; then
			_filedir
		else
			COMPREPLY=($(compgen -W "$(_hostaudit_profiles "$cmd")" \
			    -- "$cur"))
		fi
		return
		;;
	--checks | --skip)
		# a comma-separated list: complete its last item
		prefix=
		[[ $cur == *,* ]] && prefix=${cur%,*},
		COMPREPLY=($(compgen -P "$prefix" -W \
		    "$(_hostaudit_checks "$cmd" "${profile[@]}")" \
		    -- "${cur##*,}"))
		return
		;;
	--explain)
		COMPREPLY=($(compgen -W \
		    "$(_hostaudit_checks "$cmd" "${profile[@]}")" -- "$cur"))
		return
		;;
	--fail-on)
		COMPREPLY=($(compgen -W "$severities" -- "$cur"))
		return
		;;
	--level)
		COMPREPLY=($(compgen -W '1 2' -- "$cur"))
		return
		;;
	--color)
		COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
		return
		;;
	--report-group)
		COMPREPLY=($(compgen -g -- "$cur"))
		return
		;;
	--root)
		_filedir -d
		return
		;;
	-o | --output | --baseline | --check-profile | --daemon-json | \
	    --facts | --save-facts | --waivers | --tlscacert | --tlscert | \
	    --tlskey)
		_filedir
		return
		;;
	--container | --exclude-container | --label | --min-score | \
	    --max-engine-bytes | --report-mode | --timeout)
		# free-form values: nothing to offer
		return
		;;
	esac

	$split && return

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif ((cword > 2)) && [[ ${words[cword - 2]} == --benchmark-diff ]]; then
		# --benchmark-diff FROM [TO]: TO is a profile too
		COMPREPLY=($(compgen -W "$(_hostaudit_profiles "$cmd")" \
		    -- "$cur"))
	fi
} &&
	complete -F _hostaudit hostaudit

# ex: filetype=sh
