#!/usr/bin/env bash
# Installs Branch CRM (营业部CRM) on Linux, with a start-menu entry and the crm-desktop /
# crm-admin commands on PATH: either the PyInstaller bundle (installer/build.py; no Python
# needed) copied to <prefix>/bundle, or a checkout / wheel pip-installed into <prefix>/venv.
#
#   system (run as root):  /opt/crm-desktop, commands in /usr/local/bin,
#                          menu entry in /usr/share/applications,
#                          site profiles in /etc/xdg/BranchCRM/profiles.json
#   user (otherwise):      ~/.local/share/crm-desktop, commands in ~/.local/bin,
#                          menu entry in ~/.local/share/applications
#
# pip honours its usual environment (PIP_INDEX_URL, PIP_FIND_LINKS, PIP_NO_INDEX) for
# installs from a local mirror or a folder of wheels.
set -euo pipefail

readonly APP=crm-desktop
readonly DESKTOP_FILE=crm-desktop.desktop
SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)"
readonly SCRIPT_DIR
readonly REPO_ROOT="${SCRIPT_DIR}/../.."

usage() {
    cat <<EOF
Usage: $(basename -- "$0") [options] [SOURCE]

Install Branch CRM (营业部CRM).

SOURCE is a built bundle folder (dist/crm-desktop from installer/build.py: copied as is,
no Python needed), a checkout of the repository (default: the one holding this script) or a
built wheel (crm_desktop-*.whl); the last two are pip-installed into a virtual environment.

Options:
  --system            install for all users (default when run as root)
  --user              install for the current user only (default otherwise)
  --prefix DIR        install under DIR (default: /opt/${APP} or ~/.local/share/${APP})
  --bin-dir DIR       where to link crm-desktop and crm-admin
                      (default: /usr/local/bin or ~/.local/bin)
  --python PYTHON     interpreter for the venv, 3.11 or newer (default: python3)
  --profiles FILE     install FILE as the site's HQ connection profiles
                      (system: /etc/xdg/BranchCRM/profiles.json;
                       user: ~/.local/share/${APP}/profiles.json)
  --uninstall         remove the program, links and menu entry (user data and site
                      profiles are kept)
  -h, --help          show this help and exit
EOF
}

die() {
    printf '%s: %s\n' "$(basename -- "$0")" "$*" >&2
    exit 1
}

info() {
    printf '==> %s\n' "$*"
}

mode=""
prefix=""
bin_dir=""
python="python3"
profiles=""
uninstall=0
source_arg=""

while (($# > 0)); do
    case "$1" in
        --system) mode=system ;;
        --user) mode=user ;;
        --prefix) [[ $# -ge 2 ]] || die "--prefix needs a directory"; prefix="$2"; shift ;;
        --prefix=*) prefix="${1#*=}" ;;
        --bin-dir) [[ $# -ge 2 ]] || die "--bin-dir needs a directory"; bin_dir="$2"; shift ;;
        --bin-dir=*) bin_dir="${1#*=}" ;;
        --python) [[ $# -ge 2 ]] || die "--python needs an interpreter"; python="$2"; shift ;;
        --python=*) python="${1#*=}" ;;
        --profiles) [[ $# -ge 2 ]] || die "--profiles needs a file"; profiles="$2"; shift ;;
        --profiles=*) profiles="${1#*=}" ;;
        --uninstall) uninstall=1 ;;
        -h | --help) usage; exit 0 ;;
        --) shift; [[ $# -le 1 ]] || die "only one SOURCE may be given"; source_arg="${1:-}"; break ;;
        -*) die "unknown option: $1 (see --help)" ;;
        *) [[ -z "${source_arg}" ]] || die "only one SOURCE may be given"; source_arg="$1" ;;
    esac
    shift
done

if [[ -z "${mode}" ]]; then
    if [[ "${EUID}" -eq 0 ]]; then mode=system; else mode=user; fi
fi
if [[ "${mode}" == system && "${EUID}" -ne 0 ]]; then
    die "--system needs root (try: sudo $0 --system ...)"
fi

data_home="${XDG_DATA_HOME:-${HOME}/.local/share}"
if [[ "${mode}" == system ]]; then
    prefix="${prefix:-/opt/${APP}}"
    bin_dir="${bin_dir:-/usr/local/bin}"
    apps_dir=/usr/share/applications
    profiles_dest=/etc/xdg/BranchCRM/profiles.json
else
    prefix="${prefix:-${data_home}/${APP}}"
    bin_dir="${bin_dir:-${HOME}/.local/bin}"
    apps_dir="${data_home}/applications"
    # The app's own data directory (platformdirs user_data_dir, as CRM_HOME defaults to).
    profiles_dest="${data_home}/${APP}/profiles.json"
fi
venv="${prefix}/venv"
bundle_dir="${prefix}/bundle"
menu_entry="${prefix}/share/applications/${DESKTOP_FILE}"

refresh_menus() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "${apps_dir}" >/dev/null 2>&1 || true
    fi
}

# A link we created points into ${prefix}; anything else at that path is not ours.
remove_link() {
    local link="$1" target
    [[ -L "${link}" ]] || return 0
    target="$(readlink -- "${link}")" || return 0
    if [[ "${target}" == "${prefix}"/* ]]; then
        rm -f -- "${link}"
        info "removed ${link}"
    fi
}

if ((uninstall)); then
    if [[ "${mode}" == system ]] && command -v systemctl >/dev/null 2>&1 \
        && systemctl is-active --quiet crm-agent.service 2>/dev/null; then
        die "crm-agent.service is running from ${prefix}: stop and disable it first"
    fi
    remove_link "${bin_dir}/crm-desktop"
    remove_link "${bin_dir}/crm-admin"
    remove_link "${apps_dir}/${DESKTOP_FILE}"
    refresh_menus
    rm -rf -- "${venv}" "${bundle_dir}" "${prefix}/share"
    rmdir -- "${prefix}" 2>/dev/null || true
    info "uninstalled from ${prefix}"
    [[ "${mode}" == user ]] && info "your data (embedded database, settings) stays in ${data_home}/${APP}"
    exit 0
fi

# What to install ----------------------------------------------------------------------

if [[ -z "${source_arg}" ]]; then
    source_arg="${REPO_ROOT}"
fi
kind=pip
if [[ -d "${source_arg}" && -x "${source_arg}/crm-desktop" && -d "${source_arg}/_internal" ]]; then
    kind=bundle
    source_path="$(cd -- "${source_arg}" && pwd)"
    [[ -x "${source_path}/crm-admin" && -f "${source_path}/_internal/db/env.py" ]] \
        || die "${source_arg} is an incomplete bundle (no crm-admin or _internal/db/): rebuild it with installer/build.py"
elif [[ -d "${source_arg}" ]]; then
    source_path="$(cd -- "${source_arg}" && pwd)"
    [[ -f "${source_path}/pyproject.toml" && -d "${source_path}/crm_desktop" ]] \
        || die "${source_arg} is not a crm-desktop checkout (no pyproject.toml / crm_desktop/) nor a bundle"
elif [[ -f "${source_arg}" && "${source_arg}" == *.whl ]]; then
    wheel_dir="$(dirname -- "${source_arg}")"
    wheel_dir="$(cd -- "${wheel_dir}" && pwd)"
    source_path="${wheel_dir}/${source_arg##*/}"
else
    die "SOURCE must be a bundle folder, a checkout directory or a .whl file: ${source_arg}"
fi

if [[ "${kind}" == pip ]]; then
    command -v "${python}" >/dev/null 2>&1 || die "python not found: ${python} (use --python)"
    if ! "${python}" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        die "${python} is older than Python 3.11 (use --python)"
    fi
    "${python}" -c 'import venv, ensurepip' 2>/dev/null \
        || die "${python} cannot create virtual environments (install python3-venv)"
fi

if [[ -n "${profiles}" ]]; then
    [[ -f "${profiles}" ]] || die "profiles file not found: ${profiles}"
    if [[ "${kind}" == pip ]]; then
        "${python}" -c 'import json, sys; json.load(open(sys.argv[1], encoding="utf-8"))["profiles"]' "${profiles}" \
            || die "${profiles} is not a profiles file ({\"profiles\": [...]})"
    else
        # A bundle install needs no Python on the machine: a lighter check.
        grep -q '"profiles"' -- "${profiles}" || die "${profiles} is not a profiles file ({\"profiles\": [...]})"
    fi
fi

# Install ------------------------------------------------------------------------------

mkdir -p -- "${prefix}"
if [[ "${kind}" == bundle ]]; then
    info "installing the bundle ${source_path} into ${bundle_dir}"
    # Copied next to the old one and swapped in, so a failed copy leaves the old install working.
    rm -rf -- "${bundle_dir}.new"
    cp -a -- "${source_path}" "${bundle_dir}.new"
    rm -rf -- "${bundle_dir}"
    mv -- "${bundle_dir}.new" "${bundle_dir}"
    command_dir="${bundle_dir}"
    icon_source="${bundle_dir}/_internal/resources/icons"
else
    info "installing ${source_path} into ${venv}"
    if [[ ! -x "${venv}/bin/python" ]]; then
        "${python}" -m venv -- "${venv}"
    fi
    "${venv}/bin/python" -m pip install --disable-pip-version-check --upgrade -- "${source_path}"
    # The wheel carries the migrations and the translation (crm_desktop/_db, _translations):
    # check that this install finds them before offering it in the menu.
    "${venv}/bin/python" -c 'import sys; from crm_desktop.config import data_dir; sys.exit(not (data_dir("db") / "env.py").is_file())' \
        || die "the installed package lacks its migrations (db/); rebuild the wheel from a checkout"
    command_dir="${venv}/bin"
    icon_source="${REPO_ROOT}/resources/icons"
fi

for command in crm-desktop crm-admin; do
    [[ -x "${command_dir}/${command}" ]] || die "the install did not provide ${command}"
done

info "linking commands into ${bin_dir}"
mkdir -p -- "${bin_dir}"
ln -sfn -- "${command_dir}/crm-desktop" "${bin_dir}/crm-desktop"
ln -sfn -- "${command_dir}/crm-admin" "${bin_dir}/crm-admin"

# The menu entry runs the program by absolute path: a desktop session's PATH often
# lacks ~/.local/bin. The copy lives under ${prefix}; the applications folder links to it.
info "adding the menu entry (${apps_dir}/${DESKTOP_FILE})"
mkdir -p -- "$(dirname -- "${menu_entry}")" "${apps_dir}"
sed -e "s|^Exec=.*|Exec=${command_dir}/crm-desktop|" -- "${SCRIPT_DIR}/${DESKTOP_FILE}" >"${menu_entry}"
chmod 0644 -- "${menu_entry}"
ln -sfn -- "${menu_entry}" "${apps_dir}/${DESKTOP_FILE}"

icon=""
for candidate in "${icon_source}/crm-desktop.svg" "${icon_source}/crm-desktop.png"; do
    if [[ -f "${candidate}" ]]; then icon="${candidate}"; break; fi
done
if [[ -n "${icon}" ]]; then
    if [[ "${mode}" == system ]]; then icons_root=/usr/share/icons/hicolor; else icons_root="${data_home}/icons/hicolor"; fi
    if [[ "${icon}" == *.svg ]]; then icon_dir="${icons_root}/scalable/apps"; else icon_dir="${icons_root}/256x256/apps"; fi
    mkdir -p -- "${icon_dir}"
    install -m 0644 -- "${icon}" "${icon_dir}/crm-desktop.${icon##*.}"
fi
refresh_menus

if [[ -n "${profiles}" ]]; then
    info "installing site profiles to ${profiles_dest}"
    mkdir -p -- "$(dirname -- "${profiles_dest}")"
    install -m 0644 -- "${profiles}" "${profiles_dest}"
fi

info "done: start \"Branch CRM\" from the applications menu, or run crm-desktop"
case ":${PATH}:" in
    *":${bin_dir}:"*) ;;
    *) info "note: ${bin_dir} is not on your PATH" ;;
esac
