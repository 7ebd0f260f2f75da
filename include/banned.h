/* SPDX-License-Identifier: Apache-2.0 */
/*
 * banned.h - functions hostaudit does not use, included last in every .c
 * file.  Each has a bounded or re-entrant replacement: ha_buf_addf or
 * snprintf for sprintf/strcat/strcpy, ha_strtonum for atoi, gmtime_r and
 * localtime_r for gmtime and localtime.  hostaudit runs no other program,
 * so system() and popen() have no replacement.
 */
#ifndef HA_BANNED_H
#define HA_BANNED_H

#define HA_BANNED(func) sorry_##func##_is_banned_in_hostaudit

#undef strcpy
#define strcpy(x, y) HA_BANNED(strcpy)
#undef strcat
#define strcat(x, y) HA_BANNED(strcat)
#undef sprintf
#define sprintf(...) HA_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) HA_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) HA_BANNED(strtok)
#undef atoi
#define atoi(x) HA_BANNED(atoi)
#undef system
#define system(x) HA_BANNED(system)
#undef popen
#define popen(x, y) HA_BANNED(popen)
#undef gmtime
#define gmtime(x) HA_BANNED(gmtime)
#undef localtime
#define localtime(x) HA_BANNED(localtime)

#endif
