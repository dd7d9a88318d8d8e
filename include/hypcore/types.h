/* SPDX-License-Identifier: MIT */
/*
 * Fixed-width types shared by the EL2 image and the host build.
 * Only freestanding headers: this file must compile with -ffreestanding.
 */
#ifndef HYPCORE_TYPES_H
#define HYPCORE_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;

#define SZ_4K 0x1000ULL
#define SZ_2M 0x200000ULL
#define SZ_1G 0x40000000ULL

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
